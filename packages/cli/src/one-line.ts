/** A message is one line of at most this many characters: an error is for people, not bodies. */
const MAX_MESSAGE = 400;

/**
 * Text on one line (line breaks and the space around them become one space), cut to
 * {@link MAX_MESSAGE} characters with `…`: how the command and the local scripts print a
 * failure, and the command its log lines.
 */
export function oneLine(text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, " ").trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}
