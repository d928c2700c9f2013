/**
 * The mark (DESIGN.md, "Lifecycle"): the tag `nhn-images:delete-after:YYYY-MM-DD`, the day the
 * grace period ends. NHN's console shows it with the image's other tags; a person who objects adds
 * an excluded tag (`keep`).
 */
export const MARK_PREFIX = "nhn-images:delete-after:";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The mark tag of a grace period ending on `date`. */
export function markTag(date: string): string {
  return `${MARK_PREFIX}${date}`;
}

/** An image's marks: every mark tag, and the latest date they name (null when none is a date). */
export interface ImageMark {
  readonly tags: readonly string[];
  /** The latest grace end the marks name; null when a mark names no date (never deleted). */
  readonly deleteAfter: string | null;
}

/** The image's marks, or null when it has none. Of several, the latest date counts. */
export function markOf(tags: readonly string[]): ImageMark | null {
  const marks = tags.filter((tag) => tag.startsWith(MARK_PREFIX));
  if (marks.length === 0) return null;
  let deleteAfter: string | null = null;
  for (const mark of marks) {
    const date = mark.slice(MARK_PREFIX.length);
    if (!DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
      return { tags: marks, deleteAfter: null };
    }
    if (deleteAfter === null || date > deleteAfter) deleteAfter = date;
  }
  return { tags: marks, deleteAfter };
}
