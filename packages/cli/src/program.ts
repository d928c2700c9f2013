import { Command, Option } from "commander";
import type { CommandContext } from "./command-context.ts";
import { changesCommand } from "./commands/changes.ts";
import { diffCommand } from "./commands/diff.ts";
import { exportCommand } from "./commands/export.ts";
import { familiesCommand } from "./commands/families.ts";
import { historyCommand } from "./commands/history.ts";
import { imageCommand } from "./commands/image.ts";
import { imagesCommand } from "./commands/images.ts";
import { latestCommand } from "./commands/latest.ts";
import { lifecycleCommand } from "./commands/lifecycle/index.ts";
import { simulatorCommand } from "./commands/simulator.ts";
import { snapshotsCommand } from "./commands/snapshots.ts";
import { unusedCommand } from "./commands/unused.ts";
import { OUTPUT_CHOICES } from "./output/row-format.ts";

/** Version of the command, set by the build from the package. */
declare const NHN_IMAGES_VERSION: string | undefined;

/**
 * The `nhn-images` command (DESIGN.md "The command line"): its global options and every
 * subcommand. Commander parses; failures are thrown (not printed and exited) so that `main`
 * gives every failure one line and its exit code.
 */
export function nhnImagesProgram(context: CommandContext): Command {
  const program = new Command("nhn-images")
    .description(
      "NHN Cloud images, their nightly inventory and its history, from a terminal. Data goes to stdout, everything else to stderr; exit 0 done, 1 failed, 2 a usage error.",
    )
    .version(typeof NHN_IMAGES_VERSION === "string" ? NHN_IMAGES_VERSION : "0.0.0-dev")
    .addOption(
      new Option(
        "-o, --output <format>",
        "how rows print: table on a terminal, ndjson when piped (id: the image's id alone, for latest)",
      ).choices(OUTPUT_CHOICES),
    )
    .option(
      "--env-file <file>",
      "read settings (NHN_*, INVENTORY_BUCKET, …) from a dotenv file; the environment wins",
    )
    .option(
      "--verbose",
      "log what happens on stderr, and a failure's stack (also DEBUG=nhn-images)",
    )
    .addHelpText(
      "after",
      `
Settings are the functions' environment variables (README: Configuration). With no NHN_* set, the
running pnpm dev's simulator (or an embedded one) answers; with no INVENTORY_BUCKET, its local S3.

Examples:
  nhn-images images --status active --name 'ubuntu*'
  nhn-images images -o ndjson | jq -r .id
  nhn-images latest --family 'Ubuntu Server 24.04.3 LTS' -o id
  nhn-images changes --since 2026-11-01 -o csv > changes.csv`,
    )
    .showSuggestionAfterError()
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      // Commander's own error lines are printed by main, once, like every other failure.
      writeErr: () => undefined,
      outputError: () => undefined,
    });
  // Subcommands inherit the settings above (thrown errors, output, help), being made after them.
  for (const register of [
    imagesCommand,
    imageCommand,
    latestCommand,
    familiesCommand,
    exportCommand,
    snapshotsCommand,
    changesCommand,
    historyCommand,
    diffCommand,
    unusedCommand,
    lifecycleCommand,
    simulatorCommand,
  ]) {
    register(program, context);
  }
  return program;
}
