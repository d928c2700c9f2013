import { loadInventoryConfig } from "@nhn-images/core";
import { openInventory, parseImageHistoryQuery, runImageHistoryQuery } from "@nhn-images/inventory";
import type { Command } from "commander";
import { allPages } from "../all-pages.ts";
import { type CommandContext, type GlobalOptions, withSettings } from "../command-context.ts";

/** `nhn-images history <id>`: an image's history over the snapshots, as one JSON document. */
export function historyCommand(program: Command, context: CommandContext): void {
  program
    .command("history")
    .argument("<id>", "the image id")
    .description(
      "Show when an image was first and last seen and every change to it, newest first, as one JSON document (GET /images/{id}/history).",
    )
    .option("--region <region>", "the region, when the id was seen in several")
    .addHelpText(
      "after",
      "\nExamples:\n  nhn-images history 6ccd7e9a-4e49-4a8b-b2a0-6f8c1f2c3d4e\n  nhn-images history 6ccd7e9a-4e49-4a8b-b2a0-6f8c1f2c3d4e --region KR2 | jq '.changes[].fields'",
    )
    .action(async (id: string, _options, self: Command) => {
      const options = self.optsWithGlobals<GlobalOptions & { region?: string }>();
      const query = new URLSearchParams(
        options.region === undefined ? {} : { region: options.region },
      );
      parseImageHistoryQuery(id, query);
      await withSettings(context, options, { inventory: true }, async ({ env }) => {
        const inventory = await openInventory(loadInventoryConfig(env));
        const pages = await allPages(query, (asked) =>
          runImageHistoryQuery(inventory, parseImageHistoryQuery(id, asked)),
        );
        const [first] = pages;
        if (first === undefined) return;
        const { changes: _changes, matched: _matched, next: _next, ...about } = first;
        const history = { ...about, changes: pages.flatMap((page) => page.changes) };
        for (const skipped of about.skipped) {
          context.note(
            `Walked over ${skipped.snapshotDate}: ${skipped.manifestKey} ${skipped.reason}.`,
          );
        }
        await context.out.write(`${JSON.stringify(history, null, 2)}\n`);
        await context.out.flush();
      });
    });
}
