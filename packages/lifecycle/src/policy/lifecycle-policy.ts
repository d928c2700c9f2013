import * as z from "zod";

/** How long a policy's windows may be: a year of days (a snapshot a day is read per day). */
export const MAX_POLICY_DAYS = 366;

/** `message`, or "is required" when the key is not there at all. */
export const orRequired =
  (message: string) =>
  (issue: { readonly input?: unknown }): string =>
    issue.input === undefined ? "is required" : message;

const days = (min: number) =>
  z
    .int({ error: orRequired("must be a whole number of days") })
    .min(min, { error: `must be at least ${min}` })
    .max(MAX_POLICY_DAYS, { error: `must be at most ${MAX_POLICY_DAYS}` });

const names = z.array(z.string().min(1, { error: "must not be empty" }), {
  error: "must be a list of strings",
});

/**
 * Which images a rule is about, with `GET /images`'s filters (the same meaning, checked by the
 * same parser): `name` a glob, `family` exact names, `tag` globs every one of which some tag
 * matches, `property` `key` or `key:glob`, `region`, `diskFormat`. An empty list does not filter.
 */
export const RuleSelect = z.strictObject(
  {
    name: z.string().min(1, { error: "must not be empty" }).optional(),
    family: names.optional(),
    tag: names.optional(),
    property: names.optional(),
    region: names.optional(),
    diskFormat: names.optional(),
  },
  { error: orRequired("must be a map of GET /images filters") },
);
export type RuleSelect = z.infer<typeof RuleSelect>;

export const LifecycleRule = z
  .object({
    name: z
      .string({ error: orRequired("must be a string") })
      .min(1, { error: "must not be empty" }),
    select: RuleSelect,
    /** Per family and region, the newest N active images are never acted on. */
    keepNewest: z
      .int({ error: orRequired("must be a whole number") })
      .min(1, { error: "must be at least 1" })
      .max(1000, { error: "must be at most 1000" }),
    /** Images younger than this are kept. */
    minAgeDays: days(0),
    /** `unused` in every snapshot of the last N days, and now. */
    unusedForDays: days(1),
    /** Days between the mark and the delete. */
    graceDays: days(0),
  })
  .strict();
export type LifecycleRule = z.infer<typeof LifecycleRule>;

export const PolicyExclusions = z
  .object({
    /** An image with any of these tags is never acted on (`keep`: a person's objection). */
    tag: names.default([]),
    /** `key` or `key:glob`: an image with a matching property is never acted on. */
    property: names.default([]),
  })
  .strict();

/**
 * A retention policy (DESIGN.md, "Lifecycle"): rules in order, the first whose `select` matches
 * an image decides for it; exclusions that always keep; at most `maxDeletesPerRun` deletes per
 * apply. Unknown keys are errors: a misspelt `keepNewst` must not silently become no limit.
 */
export const LifecyclePolicy = z
  .object({
    version: z.literal(1, { error: orRequired("must be 1") }),
    rules: z
      .array(LifecycleRule, { error: orRequired("must be a list of rules") })
      .min(1, { error: "must hold at least one rule" })
      .max(100, { error: "must hold at most 100 rules" }),
    exclude: PolicyExclusions.default({ tag: ["keep"], property: [] }),
    maxDeletesPerRun: z
      .int({ error: orRequired("must be a whole number") })
      .min(0, { error: "must be at least 0" })
      .max(10_000, { error: "must be at most 10000" })
      .default(50),
  })
  .strict();
export type LifecyclePolicy = z.infer<typeof LifecyclePolicy>;
