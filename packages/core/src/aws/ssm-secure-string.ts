import { AWS_DEADLINES, requestHandlerOf } from "./request-deadlines.ts";

/**
 * Reads an SSM SecureString, decrypted: the API password when `NHN_API_PASSWORD_PARAM` names one.
 *
 * The SSM client is imported on first use only, once per process: importing it up front cost
 * the list function 200 ms of module loading on every cold start (measured with `pnpm bench`),
 * and most runs (a password in the environment, tests, the simulator) never need it. The list
 * bundle takes the SDK from the Lambda runtime; the export bundles its own.
 */
export async function readSecureString(name: string): Promise<string> {
  const { SSMClient, GetParameterCommand } = await import("@aws-sdk/client-ssm");
  const ssm = new SSMClient({ requestHandler: requestHandlerOf(AWS_DEADLINES) });
  try {
    const { Parameter } = await ssm.send(
      new GetParameterCommand({ Name: name, WithDecryption: true }),
    );
    if (typeof Parameter?.Value !== "string") throw new Error("SSM parameter has no string value");
    return Parameter.Value;
  } finally {
    ssm.destroy();
  }
}
