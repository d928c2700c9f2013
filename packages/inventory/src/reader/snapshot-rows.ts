import { familyOf, type Image, type Region } from "@nhn-images/core";
import { CHANGE_KINDS, type ImageChange } from "../diff/image-change.ts";
import type { Snapshot } from "../layout/snapshot.ts";

type Row = Record<string, unknown>;

/**
 * How a snapshot's image lines become Images. The object's bytes are checked against the
 * manifest's sha256 before its rows are used, so a line is what the export wrote: only its
 * shape is checked here, not every value again. A first-version line has no region, visibility,
 * owner or tags: it takes its manifest's one region, `public` or `private` from `isPublic`, no
 * owner and no tags, as the v1 adapter would. A line written before hidden images were listed has
 * no `hidden`: it is `false`. A line written before families (round 3) has no `family`: it is
 * computed from the line's name and properties, as the adapters compute it.
 */
export function imageDecoder(snapshot: Snapshot): (value: unknown) => Image {
  const legacyRegion = snapshot.source.regions[0] as Region;
  const legacy = snapshot.schemaVersion === 1;
  return (value) => {
    const row = asRow(value);
    if (typeof row.id !== "string" || typeof row.name !== "string") throw new Error("not an Image");
    if (typeof row.createdAt !== "string" || typeof row.updatedAt !== "string") {
      throw new Error("not an Image");
    }
    if (!legacy) {
      if (typeof row.region !== "string") throw new Error("an Image without a region");
      if (row.hidden !== undefined && typeof row.family === "string")
        return row as unknown as Image;
      // Written before round 3: no hidden image was listed then, and no family was written.
      return {
        ...row,
        hidden: row.hidden ?? false,
        family: typeof row.family === "string" ? row.family : familyOfRow(row),
      } as unknown as Image;
    }
    return {
      ...row,
      visibility: row.isPublic === true ? "public" : "private",
      owner: null,
      tags: [],
      region: legacyRegion,
      hidden: false,
      family: familyOfRow(row),
    } as unknown as Image;
  };
}

/** How a snapshot's change lines become {@link ImageChange}s (a first-version line has no region). */
export function changeDecoder(snapshot: Snapshot): (value: unknown) => ImageChange {
  const legacyRegion = snapshot.source.regions[0] as Region;
  return (value) => {
    const row = asRow(value);
    if (!(CHANGE_KINDS as readonly unknown[]).includes(row.change)) throw new Error("not a change");
    if (typeof row.id !== "string" || typeof row.name !== "string") throw new Error("not a change");
    const fields = row.fields ?? {};
    if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
      throw new Error("a change whose fields are not an object");
    }
    const region = typeof row.region === "string" ? row.region : legacyRegion;
    return { change: row.change, id: row.id, region, name: row.name, fields } as ImageChange;
  };
}

function familyOfRow(row: Row): string {
  const properties = row.properties;
  const own =
    typeof properties === "object" && properties !== null && !Array.isArray(properties)
      ? (properties as Record<string, string>)
      : {};
  return familyOf(row.name as string, own);
}

function asRow(value: unknown): Row {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("not an object");
  }
  return value as Row;
}
