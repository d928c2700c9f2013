// How the local scripts end on a failure: one readable line, not the bundle's minified source
// line and its caret; the stack (source-mapped) only when asked for.
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, resolve } from "node:path";
import { oneLine } from "@nhn-images/cli/one-line";
import { stackWanted } from "@nhn-images/cli/stack-wanted";

/** Whether the stack was asked for, as the command decides it (`--verbose`, `DEBUG`). */
export function wantsStack(): boolean {
  return stackWanted(process.argv, process.env);
}

/** Prints `<script>: <message>` on one line (and the stack if {@link wantsStack}); returns 1. */
export function failOneLine(script: string, error: unknown): number {
  console.error(`${script}: ${oneLine(error instanceof Error ? error.message : String(error))}`);
  if (wantsStack() && error instanceof Error) console.error(sourceMapped(error.stack ?? ""));
  else console.error("(DEBUG=nhn-images for the stack)");
  return 1;
}

/**
 * A stack whose frames in a built bundle (`…/dist/index.mjs:line:column`) name the source they
 * were built from, read from the bundle's source map: tsx, which runs the scripts, takes over
 * Node's own source-map support and leaves bundle frames minified.
 */
function sourceMapped(stack: string): string {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      try {
        maps.set(file, new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))));
      } catch {
        maps.set(file, null);
      }
    }
    return maps.get(file) ?? null;
  };
  return stack.replace(
    /(\/[^\s()]+\/dist\/[^\s():]+\.mjs):(\d+):(\d+)/g,
    (frame, file, line, column) => {
      const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
      if (entry === undefined || !("originalSource" in entry)) return frame;
      const source = resolve(dirname(file), entry.originalSource);
      return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
    },
  );
}
