/** One record as a newline-delimited JSON line. */
export function ndjsonLine(record: unknown): string {
  return `${JSON.stringify(record)}\n`;
}
