import { NhnImagesError } from "@nhn-images/core";

/** One problem of a policy, at its path (`rules[1].keepNewest`). */
export interface PolicyIssue {
  readonly path: string;
  readonly message: string;
}

/** A policy that cannot be used: every problem, each naming its path. */
export class PolicyError extends NhnImagesError {
  override readonly name = "PolicyError";
  constructor(
    readonly source: string,
    readonly issues: readonly PolicyIssue[],
  ) {
    super(
      `Invalid lifecycle policy (${source}): ${issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
    );
  }
}

/** A zod issue path as people write it: `rules[1].select.name`. */
export function pathText(path: readonly PropertyKey[]): string {
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? String(part) : `.${String(part)}`;
  }
  return text === "" ? "(the policy)" : text;
}
