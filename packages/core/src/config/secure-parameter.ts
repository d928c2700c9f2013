import { ConfigError } from "../errors.ts";
import type { ConfigVariable } from "./environment.ts";

/**
 * Reads the SSM SecureString `name` that `variable` names, with the reader the caller passes.
 *
 * @throws {ConfigError} naming the variable, the parameter and the error's name, never a
 *   message that could quote what the parameter holds.
 */
export async function readSecureParameter(
  variable: ConfigVariable,
  name: string,
  getSecureString: (name: string) => Promise<string>,
): Promise<string> {
  try {
    return await getSecureString(name);
  } catch (error) {
    throw new ConfigError([
      {
        param: variable,
        message: `could not read SSM parameter ${name}: ${(error as Error).name}`,
      },
    ]);
  }
}
