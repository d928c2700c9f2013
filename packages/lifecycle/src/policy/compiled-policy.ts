import { type Image, imageFilter } from "@nhn-images/core";
import type { LifecyclePolicy, LifecycleRule } from "./lifecycle-policy.ts";
import { PolicyError } from "./policy-error.ts";
import { exclusionFilter, selectFilters } from "./rule-selector.ts";

/** A policy with its selects and exclusions made predicates, once. */
export interface CompiledPolicy {
  readonly policy: LifecyclePolicy;
  /** The first rule whose select matches the image, or null. */
  ruleFor(image: Image): LifecycleRule | null;
  /** Why the exclusions keep the image (`tagged keep`), or null. */
  excluded(image: Image): string | null;
}

/** @throws {PolicyError} when a select or an exclusion does not parse (readPolicy checks first). */
export function compilePolicy(policy: LifecyclePolicy): CompiledPolicy {
  const rules = policy.rules.map((rule, index) => {
    const parsed = selectFilters(rule.select, `rules[${index}].select`);
    if ("issues" in parsed) throw new PolicyError("the policy", parsed.issues);
    return { rule, matches: imageFilter(parsed.filters) };
  });
  const exclusions = exclusionFilter(policy);
  if ("issues" in exclusions) throw new PolicyError("the policy", exclusions.issues);
  return {
    policy,
    ruleFor: (image) => rules.find((compiled) => compiled.matches(image))?.rule ?? null,
    excluded: exclusions.matches,
  };
}
