import { readFile, stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type LifecyclePolicy,
  MAX_POLICY_BYTES,
  PolicyError,
  readPolicy,
} from "@nhn-images/lifecycle";
import { UsageError } from "../../cli-error.ts";
import type { CommandContext } from "../../command-context.ts";

/**
 * The policy of `--policy FILE` (JSON or YAML), checked whole. Every problem goes to stderr on a
 * line of its own, naming its path; then the command stops with a usage error (exit 2).
 */
export async function readPolicyFile(
  context: CommandContext,
  file: string | undefined,
): Promise<LifecyclePolicy> {
  if (file === undefined) throw new UsageError("--policy FILE is required: the policy to read");
  const path = resolve(context.cwd, file);
  let text: string;
  try {
    if ((await stat(path)).size > MAX_POLICY_BYTES) {
      throw new UsageError(`--policy ${file} is larger than ${MAX_POLICY_BYTES} bytes`);
    }
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--policy ${file} cannot be read: ${(error as Error).message}`);
  }
  try {
    return readPolicy(text, file);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    for (const issue of error.issues) context.note(`${file}: ${issue.path}: ${issue.message}`);
    const count = error.issues.length;
    throw new UsageError(
      `--policy ${file} is not a valid lifecycle policy (${count} error${count === 1 ? "" : "s"} above)`,
    );
  }
}
