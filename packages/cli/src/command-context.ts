import type { OutputChoice } from "./output/row-format.ts";
import type { StdoutWriter } from "./output/stdout-writer.ts";
import { type ResolvedSettings, resolveSettings, type SettingsNeeds } from "./settings.ts";
import { stderrLogger } from "./stderr-logger.ts";

/** What every command runs with: its output streams and how it finds its settings. */
export interface CommandContext {
  /** Data: rows, documents. Nothing else is ever written there. */
  readonly out: StdoutWriter;
  /** One line to stderr: notes, progress lines, warnings. */
  readonly note: (line: string) => void;
  readonly stderr: NodeJS.WriteStream;
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  readonly tableWidth: number;
  readonly cwd: string;
  readonly now: () => number;
}

/** The options every command takes (`nhn-images --env-file … <command>`). */
export interface GlobalOptions {
  readonly envFile?: string;
  readonly verbose?: boolean;
  readonly output?: OutputChoice;
}

/**
 * Runs `run` with the settings `needs` asks for, and stops what they started (an embedded
 * simulator) afterwards, whatever happens.
 */
export async function withSettings<T>(
  context: CommandContext,
  options: GlobalOptions,
  needs: SettingsNeeds,
  run: (settings: ResolvedSettings, logger: ReturnType<typeof stderrLogger>) => Promise<T>,
): Promise<T> {
  const settings = await resolveSettings(options.envFile, needs, context.cwd, context.note);
  try {
    return await run(settings, stderrLogger(options.verbose === true, context.note));
  } finally {
    await settings.close();
  }
}
