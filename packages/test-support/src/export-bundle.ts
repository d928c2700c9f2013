import { execFile } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";

const BUNDLE = fileURLToPath(
  new URL("../../../functions/export-inventory/dist/index.mjs", import.meta.url),
);
const RESULT_MARK = "@@export-result@@";

/** What one export run answers (the export handler's result). */
export interface ExportRun {
  readonly snapshotDate: string;
  readonly manifestKey: string;
  readonly images: number;
  readonly changes: { added: number; removed: number; changed: number };
  /** The change events put, when `EVENT_BUS_NAME` was set. */
  readonly events: { readonly bus: string; readonly published: number } | null;
}

/**
 * Runs the built export Lambda bundle once, in a child process with `env` as its whole
 * environment, on `event` (`{"date": …}`). Tests of the list function get their snapshots from
 * the real export this way: no function imports another, and what they read is what the
 * deployed export writes. The bundle must be built (the vitest projects that need it build it).
 *
 * @throws {Error} with the child's stderr when the run fails.
 */
export function runExportBundle(
  env: Readonly<Record<string, string>>,
  event: Readonly<Record<string, unknown>>,
): Promise<ExportRun> {
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(BUNDLE).href)});
    const result = await handler(JSON.parse(process.env.EXPORT_EVENT));
    process.stdout.write("\\n${RESULT_MARK}" + JSON.stringify(result) + "\\n");
  `;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--input-type=module", "-e", script],
      {
        env: {
          PATH: process.env.PATH ?? "",
          POWERTOOLS_LOG_LEVEL: "ERROR",
          POWERTOOLS_METRICS_DISABLED: "true",
          AWS_REGION: "us-east-1",
          ...env,
          EXPORT_EVENT: JSON.stringify(event),
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((text) => text.startsWith(RESULT_MARK));
        if (error !== null || line === undefined) {
          reject(new Error(`The export bundle failed: ${stderr.slice(-4000) || error?.message}`));
          return;
        }
        resolve(JSON.parse(line.slice(RESULT_MARK.length)) as ExportRun);
      },
    );
  });
}
