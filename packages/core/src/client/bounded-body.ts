import { UpstreamLimitError } from "../errors.ts";

/**
 * The largest body the client reads, counted after decompression: a page of 1,000 of NHN's
 * images is about 2 MB, so 16 MiB leaves room eight times over while a gzip bomb or a page of
 * 130,000 images stops here, long before the Lambda's 512 MB.
 */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The response's text, read chunk by chunk as it arrives (fetch has already undone any
 * `Content-Encoding`, so the count is of decoded bytes).
 *
 * @throws {UpstreamLimitError} as soon as more than `maxBytes` have arrived; the rest is not read.
 */
export async function readBoundedText(
  response: Response,
  maxBytes: number,
  operation: string,
): Promise<string> {
  const body = response.body;
  if (body === null) return "";
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        throw new UpstreamLimitError(
          `${operation}: upstream answered a body of more than ${maxBytes} bytes (decoded); refused`,
        );
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
    parts.push(decoder.decode());
    return parts.join("");
  } finally {
    // Stops the download of whatever is left of a refused body, and frees the socket.
    await reader.cancel().catch(() => undefined);
  }
}
