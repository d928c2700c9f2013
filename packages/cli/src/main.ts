import { CommanderError } from "commander";
import { describeError, EXIT_USAGE, exitCodeOf } from "./cli-error.ts";
import type { CommandContext } from "./command-context.ts";
import { tableWidthOf } from "./output/row-format.ts";
import { StdoutWriter } from "./output/stdout-writer.ts";
import { terminalText } from "./output/terminal-text.ts";
import { nhnImagesProgram } from "./program.ts";
import { stackWanted } from "./stack-wanted.ts";

// The SDK warns every run on Node 20 that its releases after January 2027 need Node 22 (the
// Lambdas run 22; README says so): a line on every command's stderr helps no one there.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const verbose = stackWanted(process.argv, process.env);
/** A line for stderr: on a terminal, nothing in it may drive the terminal. */
const forStderr = (text: string) => (process.stderr.isTTY ? terminalText(text) : text);

const context: CommandContext = {
  out: new StdoutWriter(process.stdout, { toTerminal: process.stdout.isTTY === true }),
  note: (line) => process.stderr.write(`${forStderr(line)}\n`),
  stderr: process.stderr,
  stdoutIsTerminal: process.stdout.isTTY === true,
  stderrIsTerminal: process.stderr.isTTY === true,
  tableWidth: tableWidthOf(process.stdout, process.env),
  // `pnpm nhn-images` runs in the workspace root: INIT_CWD is where it was typed.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  now: Date.now,
};

let code = 0;
try {
  await nhnImagesProgram(context).parseAsync(process.argv);
} catch (error) {
  code = exitCodeOf(error);
  if (!(error instanceof CommanderError && code === 0)) {
    process.stderr.write(`nhn-images: ${forStderr(describeError(error))}\n`);
    if (code === EXIT_USAGE && error instanceof CommanderError) {
      process.stderr.write("Run nhn-images --help (or nhn-images <command> --help) for usage.\n");
    }
    if (verbose && error instanceof Error && error.stack !== undefined) {
      process.stderr.write(`${error.stack}\n`);
    }
  }
}
await context.out.flush();
// Keep-alive sockets of the S3 or HTTP clients would hold the process open: it is done.
process.exit(code);
