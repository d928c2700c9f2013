import * as z from "zod";

/*
 * Upstream bodies are read liberally, as DESIGN.md says: numbers or numeric strings, booleans
 * or "true"/"false", missing optional fields. The conversion to the strict `Image` happens in
 * each API's normaliser; these schemas only pin down what a body may look like.
 */

/** An integer, or a string holding one. */
export const LooseInt = z.union([
  z.int(),
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, "expected an integer")
    .transform(Number),
]);

/** A boolean, or "true"/"false" in any case. */
export const LooseBool = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["true", "false"]))
    .transform((s) => s === "true"),
]);

/** A property value or a tag: NHN documents strings; numbers and booleans are read as text. */
export const LooseText = z.union([z.string(), z.number(), z.boolean()]).transform(String);
