/**
 * The property that names an image's family outright (as GCP's image families and NHN's own
 * console group releases), read before the name.
 */
export const FAMILY_PROPERTY = "image_family";

/** NHN's release stamp, anywhere in the name: `Ubuntu Server 24.04.3 LTS (2026.11.25)`. */
const NHN_RELEASE_STAMP = / \(\d{4}\.\d{2}\.\d{2}\)/;

/**
 * A trailing date stamp: a separator, eight digits or a dashed date, then maybe a time (four
 * or six digits after `-`, `_`, `.` or `T`): `golden-20261117`, `web_2026-11-17T0930`.
 */
const TRAILING_DATE_STAMP = /[-_. ](?:\d{8}|\d{4}-\d{2}-\d{2})(?:[-_.T](?:\d{6}|\d{4}))?$/;

/** A trailing version stamp: `app-v12`. */
const TRAILING_VERSION_STAMP = /[-_. ]v\d+$/;

/**
 * The family an image belongs to (DESIGN.md, "Family"): its `image_family` property when that
 * is a non-empty string; else its name without its date stamp — NHN's release stamp
 * ` (YYYY.MM.DD)` wherever it is, else a trailing date (with or without a time), else a
 * trailing `-vN` — with runs of spaces collapsed and the ends trimmed. A name that would be
 * left empty is its own family. Releases of one family share it: `Ubuntu Server 24.04.3 LTS
 * (2026.11.25)` and `… (2026.12.20)` are both `Ubuntu Server 24.04.3 LTS`, while `Ubuntu Server
 * 24.04 LTS` keeps its version and `dev-web-1234` its number.
 *
 * Families are per region: the caller pairs the name with the image's region.
 */
export function familyOf(name: string, properties: Readonly<Record<string, string>>): string {
  const declared: unknown = Object.hasOwn(properties, FAMILY_PROPERTY)
    ? properties[FAMILY_PROPERTY]
    : undefined;
  if (typeof declared === "string" && declared.trim() !== "") return declared;
  const stripped = withoutStamp(name).replace(/ {2,}/g, " ").trim();
  return stripped === "" ? name : stripped;
}

function withoutStamp(name: string): string {
  if (NHN_RELEASE_STAMP.test(name)) return name.replace(NHN_RELEASE_STAMP, "");
  if (TRAILING_DATE_STAMP.test(name)) return name.replace(TRAILING_DATE_STAMP, "");
  return name.replace(TRAILING_VERSION_STAMP, "");
}
