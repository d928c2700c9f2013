/**
 * Whether a failure's stack was asked for: `--verbose` on the command line, or `DEBUG` naming
 * nhn-images (or `*`, as the `debug` convention has it). The command and the local scripts
 * (`pnpm export:local`) answer the same way.
 */
export function stackWanted(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes("--verbose") || /(^|,)\s*(nhn-images|\*)\s*(,|$)/.test(env.DEBUG ?? "");
}
