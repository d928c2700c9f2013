import { UsageError } from "./cli-error.ts";

interface Schema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
}

/** A flag's (or argument's) value read with a core schema, or a usage error naming the flag. */
export function parsedFlag<T>(schema: Schema<T>, flag: string, value: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? "is not valid";
  throw new UsageError(`${flag} ${message}, got ${JSON.stringify(value)}`);
}

/** A whole number from `min` to `max` from a flag, or a usage error naming the flag. */
export function wholeNumberFlag(
  flag: string,
  text: string,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `${flag} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}
