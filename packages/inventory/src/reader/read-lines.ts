/**
 * The lines of a byte stream, pulled as the consumer asks (no line is emitted before it is
 * wanted, unlike `readline`, which starts flowing at once and drops lines emitted before its
 * iterator is attached). Empty lines are skipped.
 */
export async function* readLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  // Loaded on the first read, like everything that reads the inventory.
  const { StringDecoder } = await import("node:string_decoder");
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of stream) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk));
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) if (line !== "") yield line;
  }
  rest += decoder.end();
  if (rest !== "") yield rest;
}
