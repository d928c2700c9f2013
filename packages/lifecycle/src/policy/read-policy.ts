import { parseDocument } from "yaml";
import { LifecyclePolicy } from "./lifecycle-policy.ts";
import { PolicyError, type PolicyIssue, pathText } from "./policy-error.ts";
import { exclusionFilter, selectFilters } from "./rule-selector.ts";

/** The longest policy text read: a policy is a page, not a data set. */
export const MAX_POLICY_BYTES = 256 * 1024;

/**
 * A policy from its text, JSON or YAML (YAML 1.2, of which JSON is a part: `yes` and `no` stay
 * strings, as they must in a file that decides deletions), checked whole: the shape with zod,
 * each rule's `select` and the exclusions with `GET /images`'s own parser.
 *
 * @param source names the text in errors (a file, `LIFECYCLE_POLICY`, an object key).
 * @throws {PolicyError} with every problem, each naming its path (`rules[1].keepNewest`).
 */
export function readPolicy(text: string, source: string): LifecyclePolicy {
  if (Buffer.byteLength(text, "utf8") > MAX_POLICY_BYTES) {
    throw new PolicyError(source, [
      { path: "(the policy)", message: `is larger than ${MAX_POLICY_BYTES} bytes` },
    ]);
  }
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new PolicyError(
      source,
      document.errors.map((error) => ({
        path: "(the policy)",
        message: `is not valid YAML or JSON: ${error.message.split("\n")[0]}`,
      })),
    );
  }
  const parsed = LifecyclePolicy.safeParse(document.toJS({ maxAliasCount: 100 }));
  if (!parsed.success) {
    throw new PolicyError(
      source,
      parsed.error.issues.flatMap((issue) =>
        issue.code === "unrecognized_keys"
          ? issue.keys.map((key) => ({
              path: pathText([...issue.path, key]),
              message: "is not a key of a lifecycle policy (misspelt?)",
            }))
          : [{ path: pathText(issue.path), message: issue.message }],
      ),
    );
  }
  const issues: PolicyIssue[] = [];
  parsed.data.rules.forEach((rule, index) => {
    const checked = selectFilters(rule.select, `rules[${index}].select`);
    if ("issues" in checked) issues.push(...checked.issues);
  });
  const exclusions = exclusionFilter(parsed.data);
  if ("issues" in exclusions) issues.push(...exclusions.issues);
  if (issues.length > 0) throw new PolicyError(source, issues);
  return parsed.data;
}
