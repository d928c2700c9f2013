import { ConfigError, loadInventoryConfig, readSecureString } from "@nhn-images/core";
import { openInventoryStore, readObjectText } from "@nhn-images/inventory";
import type { LifecyclePolicy } from "../policy/lifecycle-policy.ts";
import { readPolicy } from "../policy/read-policy.ts";

/**
 * The deployed function's policy: `LIFECYCLE_POLICY` holds it inline (JSON or YAML), or
 * `LIFECYCLE_POLICY_KEY` names an object in the inventory bucket — one of the two.
 *
 * @throws {ConfigError} naming the variable when neither or both are set, or the object is missing.
 * @throws {PolicyError} when the policy is invalid (every error naming its path).
 */
export async function policyFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  getSecureString: (name: string) => Promise<string> = readSecureString,
): Promise<LifecyclePolicy> {
  const inline = env.LIFECYCLE_POLICY?.trim() ?? "";
  const key = env.LIFECYCLE_POLICY_KEY?.trim() ?? "";
  if (inline !== "" && key !== "") {
    throw new ConfigError([
      { param: "LIFECYCLE_POLICY_KEY", message: "is set with LIFECYCLE_POLICY: give one of them" },
    ]);
  }
  if (inline !== "") return readPolicy(inline, "LIFECYCLE_POLICY");
  if (key === "") {
    throw new ConfigError([
      {
        param: "LIFECYCLE_POLICY",
        message: "or LIFECYCLE_POLICY_KEY is required: the retention policy to plan with",
      },
    ]);
  }
  const { s3, bucket } = await openInventoryStore(
    loadInventoryConfig(env),
    "is required with LIFECYCLE_POLICY_KEY",
    { getSecureString },
  );
  try {
    const read = await readObjectText(s3, bucket, key);
    if (read?.text == null) {
      throw new ConfigError([
        {
          param: "LIFECYCLE_POLICY_KEY",
          message: `names s3://${bucket}/${key}, which does not exist`,
        },
      ]);
    }
    return readPolicy(read.text, `s3://${bucket}/${key}`);
  } finally {
    s3.destroy();
  }
}
