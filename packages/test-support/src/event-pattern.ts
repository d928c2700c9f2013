import { readmeSection } from "./readme-section.ts";

/**
 * Whether an EventBridge event pattern matches an event, with the semantics the EventBridge
 * user guide documents ("Creating event patterns", "Content filtering", "Comparison operators"):
 *
 * - every field of the pattern must match (and); a nested object descends into the event;
 * - a leaf is an array of values, any of which may match (or); `$or` lists alternative patterns;
 * - an event field that is an array matches when any of its items matches;
 * - values: exact strings, numbers, booleans and null; `{"prefix"}`, `{"suffix"}`,
 *   `{"equals-ignore-case"}`, `{"anything-but": value | [values] | {"prefix"} | {"suffix"}}`,
 *   `{"exists": true|false}` and `{"numeric": [op, n, …]}`;
 * - a field that is absent matches nothing but `{"exists": false}` (anything-but included);
 * - operators work on leaves: an object where the pattern has a leaf matches nothing.
 *
 * It is a test's stand-in for EventBridge's `TestEventPattern`: an operator it does not know
 * throws, so a README pattern using one cannot pass by accident.
 */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) throw new Error("An event pattern is a JSON object");
  return matchesObject(pattern, isObject(event) ? event : {});
}

type Json = Record<string, unknown>;

function matchesObject(pattern: Json, event: Json): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === "$or") {
      if (!Array.isArray(expected)) throw new Error("$or takes an array of patterns");
      return expected.some((alternative) => matchesEventPattern(alternative, event));
    }
    const value = event[key];
    if (Array.isArray(expected)) return matchesLeaf(expected, value);
    if (isObject(expected)) return matchesObject(expected, isObject(value) ? value : {});
    throw new Error(`The pattern's ${key} must be an array of values or an object`);
  });
}

function matchesLeaf(matchers: readonly unknown[], value: unknown): boolean {
  // Comparison operators, exists included, work on leaf values only (user guide): an object
  // where the pattern has a leaf matches nothing.
  if (isObject(value)) return false;
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return matchers.some((matcher) => {
    if (isObject(matcher) && "exists" in matcher) {
      if (typeof matcher.exists !== "boolean") throw new Error("exists takes true or false");
      return matcher.exists === values.length > 0;
    }
    return values.some((item) => matchesValue(matcher, item));
  });
}

function matchesValue(matcher: unknown, value: unknown): boolean {
  if (!isObject(matcher)) return sameValue(matcher, value);
  const [operator, operand, ...rest] = Object.entries(matcher).flat();
  if (rest.length > 0) throw new Error(`A matcher has one operator: ${JSON.stringify(matcher)}`);
  switch (operator) {
    case "prefix":
      return typeof value === "string" && stringMatch(operand, value, "prefix");
    case "suffix":
      return typeof value === "string" && stringMatch(operand, value, "suffix");
    case "equals-ignore-case":
      return typeof value === "string" && textOf(operand).toLowerCase() === value.toLowerCase();
    case "anything-but":
      return !anyOf(operand, value);
    case "numeric":
      return typeof value === "number" && numericMatch(operand, value);
    default:
      throw new Error(`Unknown operator in ${JSON.stringify(matcher)}`);
  }
}

/** Whether `value` is one of anything-but's operand: a value, a list, or a prefix/suffix. */
function anyOf(operand: unknown, value: unknown): boolean {
  if (Array.isArray(operand)) return operand.some((item) => sameValue(item, value));
  if (isObject(operand)) {
    const [kind, text] = Object.entries(operand)[0] ?? [];
    if (kind !== "prefix" && kind !== "suffix") {
      throw new Error(`anything-but takes a value, a list, prefix or suffix, not ${kind}`);
    }
    return typeof value === "string" && stringMatch(text, value, kind);
  }
  return sameValue(operand, value);
}

function stringMatch(operand: unknown, value: string, kind: "prefix" | "suffix"): boolean {
  if (isObject(operand) && "equals-ignore-case" in operand) {
    const text = textOf(operand["equals-ignore-case"]).toLowerCase();
    const lower = value.toLowerCase();
    return kind === "prefix" ? lower.startsWith(text) : lower.endsWith(text);
  }
  const text = textOf(operand);
  return kind === "prefix" ? value.startsWith(text) : value.endsWith(text);
}

function numericMatch(operand: unknown, value: number): boolean {
  if (!Array.isArray(operand) || operand.length % 2 !== 0 || operand.length === 0) {
    throw new Error("numeric takes pairs of an operator and a number");
  }
  for (let i = 0; i < operand.length; i += 2) {
    const bound = operand[i + 1];
    if (typeof bound !== "number") throw new Error("numeric compares with numbers");
    const holds = {
      "=": value === bound,
      "<": value < bound,
      "<=": value <= bound,
      ">": value > bound,
      ">=": value >= bound,
    }[String(operand[i])];
    if (holds === undefined) throw new Error(`Unknown numeric operator ${String(operand[i])}`);
    if (!holds) return false;
  }
  return true;
}

/** Exact matching: strings, numbers, booleans and null, by value. */
function sameValue(expected: unknown, value: unknown): boolean {
  if (isObject(expected) || Array.isArray(expected)) {
    throw new Error(`Not a value to match exactly: ${JSON.stringify(expected)}`);
  }
  return expected === value;
}

function textOf(operand: unknown): string {
  if (typeof operand !== "string")
    throw new Error(`Expected a string, got ${JSON.stringify(operand)}`);
  return operand;
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** One event pattern of the README: the line that introduces it, and the pattern. */
export interface ReadmeEventPattern {
  readonly title: string;
  readonly pattern: Record<string, unknown>;
}

/**
 * The ```json blocks of the README's "### Change events" section, each titled by the paragraph
 * before it (its lines joined). Throws when the section or its patterns are missing, so a README
 * edit cannot drop a rule from the test.
 */
export function readmeEventPatterns(readme: string): ReadmeEventPattern[] {
  const section = readmeSection(readme, "### Change events");
  const patterns: ReadmeEventPattern[] = [];
  for (const match of section.matchAll(/\n\n((?:[^\n]+\n)+)\n*```json\n([\s\S]*?)```/g)) {
    patterns.push({
      title: (match[1] as string).trim().replace(/\s+/g, " "),
      pattern: JSON.parse(match[2] as string) as Record<string, unknown>,
    });
  }
  if (patterns.length === 0)
    throw new Error("README.md's Change events section has no ```json block");
  return patterns;
}
