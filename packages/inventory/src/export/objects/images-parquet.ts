import type { Image, ImageUsage } from "@nhn-images/core";
import type { ParquetTable } from "./parquet-object-writer.ts";
import {
  booleanColumn,
  int32Column,
  int64Column,
  root,
  stringColumn,
  stringKeyedMapColumn,
  stringListColumn,
  structColumn,
  timestampColumn,
} from "./parquet-schema.ts";

/**
 * `parquet/images/dt=…/images.parquet`: one row per Image, snake_case columns typed as
 * DESIGN.md says (the Glue table `images` declares the same names and types). `usage` is one
 * struct column (null without `NHN_USAGE`), so Athena reads `usage.verdict`, `usage.servers`.
 */
export const IMAGES_PARQUET: ParquetTable<Image> = {
  schema: [
    root(19),
    stringColumn("id"),
    stringColumn("region"),
    stringColumn("name"),
    stringColumn("status"),
    stringColumn("disk_format", "OPTIONAL"),
    stringColumn("visibility"),
    booleanColumn("is_public"),
    booleanColumn("protected"),
    int32Column("min_disk"),
    int32Column("min_ram"),
    int64Column("size", "OPTIONAL"),
    timestampColumn("created_at"),
    timestampColumn("updated_at"),
    stringColumn("owner", "OPTIONAL"),
    ...stringListColumn("tags"),
    ...stringKeyedMapColumn("properties", [stringColumn("value", "OPTIONAL")]),
    booleanColumn("hidden"),
    stringColumn("family"),
    ...structColumn("usage", [
      stringColumn("verdict"),
      stringColumn("reason"),
      stringListColumn("servers"),
      stringListColumn("node_groups"),
      structColumn(
        "evidence",
        [int32Column("by_image_ref"), int32Column("by_boot_volume"), int32Column("by_node_group")],
        "REQUIRED",
      ),
      int32Column("unattributed_servers"),
    ]),
  ],
  columns: [
    { name: "id", statistics: true, value: (image) => image.id },
    { name: "region", statistics: true, value: (image) => image.region },
    { name: "name", value: (image) => image.name },
    { name: "status", statistics: true, value: (image) => image.status },
    { name: "disk_format", value: (image) => image.diskFormat },
    { name: "visibility", value: (image) => image.visibility },
    { name: "is_public", value: (image) => image.isPublic },
    { name: "protected", value: (image) => image.protected },
    { name: "min_disk", value: (image) => image.minDisk },
    { name: "min_ram", value: (image) => image.minRam },
    {
      name: "size",
      statistics: true,
      value: (image) => (image.size === null ? null : BigInt(image.size)),
    },
    { name: "created_at", statistics: true, value: (image) => Date.parse(image.createdAt) },
    { name: "updated_at", statistics: true, value: (image) => Date.parse(image.updatedAt) },
    { name: "owner", value: (image) => image.owner },
    { name: "tags", value: (image) => image.tags },
    { name: "properties", value: (image) => image.properties },
    { name: "hidden", value: (image) => image.hidden },
    { name: "family", statistics: true, value: (image) => image.family },
    { name: "usage", value: (image) => usageRow(image.usage) },
  ],
};

/** `usage` in the Parquet column's snake_case, or null when the image has none. */
function usageRow(usage: ImageUsage | undefined) {
  if (usage === undefined) return null;
  return {
    verdict: usage.verdict,
    reason: usage.reason,
    servers: usage.servers,
    node_groups: usage.nodeGroups,
    evidence: {
      by_image_ref: usage.evidence.byImageRef,
      by_boot_volume: usage.evidence.byBootVolume,
      by_node_group: usage.evidence.byNodeGroup,
    },
    unattributed_servers: usage.unattributedServers,
  };
}
