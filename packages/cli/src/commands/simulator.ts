import { SIMULATOR_LIMITS, simulatorBanner, startSimulator } from "@nhn-images/simulator";
import type { Command } from "commander";
import type { CommandContext } from "../command-context.ts";
import { wholeNumberFlag } from "../flag-values.ts";

/** `nhn-images simulator`: the local NHN Cloud, until Ctrl-C. */
export function simulatorCommand(program: Command, context: CommandContext): void {
  program
    .command("simulator")
    .description(
      "Run the local NHN Cloud simulator (Keystone, v1, Glance v2 in every region) until Ctrl-C, and print the settings that point nhn-images at it.",
    )
    .option("--port <port>", "port to listen on (0: any free one)", "8787")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--images <count>", "generated images per region", "500")
    .option("--seed <seed>", "seed of the generated images", "1")
    .option("--day <day>", "simulated day: images added, removed and changed since day 0", "0")
    .addHelpText(
      "after",
      "\nExamples:\n  nhn-images simulator --port 8787 --images 2000\n  nhn-images simulator --port 0 --seed 7 --day 3",
    )
    .action(async (options: Record<string, string>) => {
      const figures = {
        port: wholeNumberFlag("--port", options.port ?? "", 0, SIMULATOR_LIMITS.port),
        images: wholeNumberFlag("--images", options.images ?? "", 0, SIMULATOR_LIMITS.images),
        seed: wholeNumberFlag("--seed", options.seed ?? "", 0, SIMULATOR_LIMITS.seed),
        day: wholeNumberFlag("--day", options.day ?? "", 0, SIMULATOR_LIMITS.day),
      };
      const sim = await startSimulator({ ...figures, host: options.host ?? "127.0.0.1" });
      context.note(simulatorBanner(sim, figures));
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await sim.close();
    });
}
