import * as z from "zod";
import { ConfigError } from "../errors.ts";
import { Secret } from "../secret.ts";
import type { Config } from "./config.ts";
import { readSecureParameter } from "./secure-parameter.ts";

const key = z.string().regex(/^[\x21-\x7e]{1,256}$/);
const nhnCredential = z.object({ access: key, secret: key });
const asKeys = ({ access, secret }: z.infer<typeof nhnCredential>) => ({
  accessKeyId: access,
  secretAccessKey: secret,
});

/**
 * What the SSM SecureString of `S3_CREDENTIALS_PARAM` holds: DESIGN.md's
 * `{"accessKeyId","secretAccessKey"}`, or the credential exactly as NHN's API issues it
 * (Storage-Object-Storage `ko/s3-api-guide.md`, S3 API 자격 증명 발급: `{"credential": {"access",
 * "secret", …}}`, or the inner object), so the answer can be stored as it came.
 */
const StoredS3Credentials = z.union([
  z.object({ accessKeyId: key, secretAccessKey: key }),
  z.object({ credential: nhnCredential }).transform(({ credential }) => asKeys(credential)),
  nhnCredential.transform(asKeys),
]);

/**
 * Resolves the object store's keys held in SSM (`S3_CREDENTIALS_PARAM`): read once, at
 * start-up, by the reader the caller passes. A parameter that cannot be read or does not hold
 * `{"accessKeyId","secretAccessKey"}` is a {@link ConfigError} naming the variable and the
 * parameter, never quoting what it holds.
 */
export async function resolveS3Credentials<C extends Pick<Config, "inventory">>(
  config: C,
  getSecureString: (name: string) => Promise<string>,
): Promise<C> {
  const { credentials } = config.inventory.s3;
  if (credentials === null || !("ssmParameter" in credentials)) return config;
  const name = credentials.ssmParameter;
  const text = await readSecureParameter("S3_CREDENTIALS_PARAM", name, getSecureString);
  let stored: z.infer<typeof StoredS3Credentials>;
  try {
    stored = StoredS3Credentials.parse(JSON.parse(text));
  } catch {
    throw new ConfigError([
      {
        param: "S3_CREDENTIALS_PARAM",
        message: `SSM parameter ${name} must hold {"accessKeyId": "…", "secretAccessKey": "…"} (or NHN's issued {"credential": {"access", "secret"}}) as JSON`,
      },
    ]);
  }
  const resolved = {
    accessKeyId: stored.accessKeyId,
    secretAccessKey: new Secret(stored.secretAccessKey),
  };
  return {
    ...config,
    inventory: { ...config.inventory, s3: { ...config.inventory.s3, credentials: resolved } },
  };
}
