// How the local scripts end on a failure: one readable line, not the bundle's minified source
// line and its caret; the stack (source-mapped) only when asked for.

/** Whether the stack was asked for: `--verbose`, or `DEBUG` naming nhn-images (or `*`). */
export function wantsStack(): boolean {
  return (
    process.argv.includes("--verbose") ||
    /(^|,)\s*(nhn-images|\*)\s*(,|$)/.test(process.env.DEBUG ?? "")
  );
}

/** Prints `<script>: <message>` on one line (and the stack if {@link wantsStack}); returns 1. */
export function failOneLine(script: string, error: unknown): number {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/\s*[\r\n]+\s*/g, " ")
    .slice(0, 400);
  console.error(`${script}: ${message}`);
  if (wantsStack() && error instanceof Error) console.error(error.stack);
  else console.error("(DEBUG=nhn-images for the stack)");
  return 1;
}
