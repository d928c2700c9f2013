import {
  checkLatestRegion,
  checkUsageParameters,
  type ImageQuery,
  LATEST_QUERY_PARAMETERS,
  LatestImageRun,
  latestImage,
  listingFiltersOf,
  MULTI_VALUE_PARAMETERS,
  type ProjectedImage,
  parseLatestQuery,
} from "@nhn-images/core";
import type { Command } from "commander";
import type { CommandContext, GlobalOptions } from "../command-context.ts";
import { imageView } from "../image-view.ts";
import { writeRows } from "../output/write-rows.ts";
import { fromLiveOrSnapshot } from "../queried-images.ts";
import { queryFlags, queryOf } from "../query-flags.ts";

/**
 * `nhn-images latest`: the one newest image the filters match (`GET /images/latest`), as JSON,
 * or with `-o id` its id alone, for a script: `$(nhn-images latest --family … -o id)`. No match
 * fails (exit 1), so a script stops instead of booting nothing.
 */
export function latestCommand(program: Command, context: CommandContext): void {
  const command = program
    .command("latest")
    .description(
      "Show the newest image the filters match (GET /images/latest): status active unless --status says otherwise; the newest createdAt, then the smaller id. -o id prints its id alone. Exit 1 when nothing matches.",
    )
    .addHelpText(
      "after",
      `
Examples:
  nhn-images latest --family 'Ubuntu Server 24.04.3 LTS'
  IMAGE_ID=$(nhn-images latest --family 'Ubuntu Server 24.04.3 LTS' --region KR1 -o id)
  nhn-images latest --name 'prod-web-*' --tag golden --as-of 2026-11-20 -o id`,
    );
  for (const option of queryFlags(LATEST_QUERY_PARAMETERS, [])) command.addOption(option);
  command.action(async (_options, self: Command) => {
    const options = self.optsWithGlobals<GlobalOptions & Record<string, unknown>>();
    const query = parseLatestQuery(
      queryOf(options, LATEST_QUERY_PARAMETERS, MULTI_VALUE_PARAMETERS),
    );
    const image = await newestImage(context, options, query);
    const output = options.output ?? "json";
    if (output === "id") await context.out.write(`${image.id}\n`);
    else if (output === "json") await context.out.write(`${JSON.stringify(image, null, 2)}\n`);
    else {
      const view = imageView(query.fields, image.usage !== undefined);
      await writeRows(context.out, [image], output, view, context.tableWidth);
    }
    await context.out.flush();
  });
}

/** The answer of `query`: live (one listing, filtered upstream where it can), or `--as-of`. */
function newestImage(
  context: CommandContext,
  options: GlobalOptions,
  query: ImageQuery,
): Promise<ProjectedImage> {
  return fromLiveOrSnapshot(context, options, query.asOf, {
    async live({ config, client }) {
      checkUsageParameters(query, client.usage);
      checkLatestRegion(query, config.regions);
      const images = await client.listAllImages({ filters: listingFiltersOf(query.filters) });
      return latestImage(images, query);
    },
    async snapshot(inventory, snapshot) {
      checkLatestRegion(query, snapshot.source.regions);
      const run = new LatestImageRun(query);
      await inventory.eachImage(snapshot, (image) => run.offer(image));
      checkUsageParameters(query, run.carriesUsage, snapshot.snapshotDate);
      return run.result();
    },
  });
}
