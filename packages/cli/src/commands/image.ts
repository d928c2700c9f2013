import {
  calendarDate,
  imageIdIssue,
  loadInventoryConfig,
  oneRegion,
  pickImage,
  startImageClient,
} from "@nhn-images/core";
import { openInventory } from "@nhn-images/inventory";
import type { Command } from "commander";
import { UsageError } from "../cli-error.ts";
import { type CommandContext, type GlobalOptions, withSettings } from "../command-context.ts";
import { parsedFlag } from "../flag-values.ts";

/** `nhn-images image <id>`: one image, as one JSON document; live, or `--as-of` a day. */
export function imageCommand(program: Command, context: CommandContext): void {
  program
    .command("image")
    .argument("<id>", "the image id")
    .description(
      "Show one image as JSON: live from NHN Cloud, or --as-of a day's inventory snapshot.",
    )
    .option("--region <region>", "the region, when the id is in several (KR1, KR2, KR3, JP1)")
    .option(
      "--as-of <date>",
      "YYYY-MM-DD: the image as the newest snapshot on or before that day held it",
    )
    .addHelpText(
      "after",
      `
Examples:
  nhn-images image 6ccd7e9a-4e49-4a8b-b2a0-6f8c1f2c3d4e
  nhn-images image 6ccd7e9a-4e49-4a8b-b2a0-6f8c1f2c3d4e --as-of 2026-11-20 | jq .status`,
    )
    .action(async (id: string, _options, self: Command) => {
      const options = self.optsWithGlobals<GlobalOptions & { region?: string; asOf?: string }>();
      const idIssue = imageIdIssue(id);
      if (idIssue !== null) throw new UsageError(`<id> ${idIssue.message}`);
      const region =
        options.region === undefined
          ? undefined
          : parsedFlag(oneRegion, "--region", options.region);
      const asOf =
        options.asOf === undefined ? null : parsedFlag(calendarDate, "--as-of", options.asOf);
      await withSettings(
        context,
        options,
        { upstream: asOf === null, inventory: asOf !== null },
        async ({ env }, logger) => {
          let image: unknown;
          if (asOf === null) {
            const { client } = await startImageClient(env, { logger });
            image = await client.getImage(id, region);
          } else {
            const inventory = await openInventory(loadInventoryConfig(env));
            const snapshot = await inventory.snapshotOnOrBefore(asOf);
            image = pickImage(await inventory.images(snapshot), id, region ?? null);
          }
          await context.out.write(`${JSON.stringify(image, null, 2)}\n`);
          await context.out.flush();
        },
      );
    });
}
