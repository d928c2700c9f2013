import type { InputIssue } from "../errors.ts";
import { isWellFormedUnicode } from "./case-fold.ts";

/** Longer than any image id (Glance's are 36-character UUIDs): refused before any work. */
export const MAX_ID_LENGTH = 255;

/**
 * The issue of an image id taken from a path, or null: one that is too long, or not
 * well-formed Unicode (a lone surrogate cannot be sent upstream, so it is a 400, never a 500).
 */
export function imageIdIssue(id: string): InputIssue | null {
  if (id.length > MAX_ID_LENGTH) {
    return { param: "id", message: `must be at most ${MAX_ID_LENGTH} characters` };
  }
  if (!isWellFormedUnicode(id)) return { param: "id", message: "is not well-formed Unicode" };
  return null;
}
