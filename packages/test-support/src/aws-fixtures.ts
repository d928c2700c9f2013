import { readFileSync } from "node:fs";

/** AWS's documented EventBridge shapes kept in `fixtures/aws` (see its README for sources). */
export interface PutEventsFixture {
  readonly request: {
    readonly Entries: { Source: string; DetailType: string; Detail: string; Resources: string[] }[];
  };
  readonly responseKeys: { readonly response: string[]; readonly entry: string[] };
  readonly entryErrorCodes: { readonly retryable: string[]; readonly permanent: string[] };
  readonly limits: {
    readonly entriesPerRequest: { readonly min: number; readonly max: number };
    readonly entryBytes: number;
  };
  readonly eventKeys: string[];
}

/** The EventBridge PutEvents fixture, parsed (a fresh copy on every call). */
export function putEventsFixture(): PutEventsFixture {
  return JSON.parse(
    readFileSync(new URL("../fixtures/aws/eventbridge.put-events.json", import.meta.url), "utf8"),
  ) as PutEventsFixture;
}
