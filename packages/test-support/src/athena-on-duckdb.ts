// The README's Athena queries and DuckDB views that stand in for the Glue tables, shared by the
// export's tests (answers checked) and the bench (timed).
import { readmeSection } from "./readme-section.ts";

/** One SQL block of the README's Athena section: its first comment line and the whole text. */
export interface ReadmeQuery {
  readonly title: string;
  readonly sql: string;
}

/**
 * The ```sql blocks of the README's "### Athena" section, each titled by its leading `-- `
 * comment. Throws when the section or a title is missing, so a README edit cannot silently
 * drop a query from the test.
 */
export function readmeAthenaQueries(readme: string): ReadmeQuery[] {
  const section = readmeSection(readme, "### Athena");
  const queries: ReadmeQuery[] = [];
  for (const match of section.matchAll(/```sql\n([\s\S]*?)```/g)) {
    const sql = (match[1] as string).trim();
    const title = /^-- (.+)$/m.exec(sql)?.[1]?.trim();
    if (title === undefined) throw new Error(`an Athena query in README.md has no title:\n${sql}`);
    queries.push({ title, sql: sql.replace(/;\s*$/, "") });
  }
  if (queries.length === 0) throw new Error("README.md's Athena section has no ```sql block");
  return queries;
}

/**
 * The Glue tables of serverless.yml (database `nhn_images_prod`), as DuckDB views over the files
 * of one format under `root` (the inventory prefix as a directory).
 */
export const ATHENA_TABLES_ON_DUCKDB = {
  parquet: (root: string) => `
    CREATE SCHEMA IF NOT EXISTS nhn_images_prod;
    CREATE OR REPLACE VIEW nhn_images_prod.images AS
      SELECT * FROM read_parquet('${root}parquet/images/*/*.parquet',
        hive_partitioning = true, hive_types = {'dt': VARCHAR});
    CREATE OR REPLACE VIEW nhn_images_prod.image_changes AS
      SELECT * FROM read_parquet('${root}parquet/changes/*/*.parquet',
        hive_partitioning = true, hive_types = {'dt': VARCHAR});`,
  // The same columns from the NDJSON objects (camelCase keys, ISO timestamps as text).
  ndjson: (root: string) => `
    CREATE SCHEMA IF NOT EXISTS nhn_images_prod;
    CREATE OR REPLACE VIEW nhn_images_prod.images AS
      SELECT id, region, name, status, "diskFormat" AS disk_format, visibility,
        "isPublic" AS is_public, protected, "minDisk" AS min_disk, "minRam" AS min_ram, size,
        CAST("createdAt" AS TIMESTAMPTZ) AS created_at, CAST("updatedAt" AS TIMESTAMPTZ) AS updated_at,
        owner, tags, properties, hidden, family,
        CASE WHEN usage IS NULL THEN NULL ELSE struct_pack(verdict := usage.verdict,
          reason := usage.reason, servers := usage.servers, node_groups := usage."nodeGroups",
          evidence := struct_pack(by_image_ref := usage.evidence."byImageRef",
            by_boot_volume := usage.evidence."byBootVolume",
            by_node_group := usage.evidence."byNodeGroup"),
          unattributed_servers := usage."unattributedServers") END AS usage,
        dt
      FROM read_ndjson('${root}ndjson/images/*/*.ndjson.gz',
        hive_partitioning = true, hive_types = {'dt': VARCHAR},
        columns = {id: 'VARCHAR', region: 'VARCHAR', name: 'VARCHAR', status: 'VARCHAR',
          diskFormat: 'VARCHAR', visibility: 'VARCHAR', isPublic: 'BOOLEAN', protected: 'BOOLEAN',
          minDisk: 'INTEGER', minRam: 'INTEGER', size: 'BIGINT', createdAt: 'VARCHAR',
          updatedAt: 'VARCHAR', owner: 'VARCHAR', tags: 'VARCHAR[]',
          properties: 'MAP(VARCHAR, VARCHAR)', hidden: 'BOOLEAN', family: 'VARCHAR',
          usage: 'STRUCT(verdict VARCHAR, reason VARCHAR, servers VARCHAR[], "nodeGroups" VARCHAR[], evidence STRUCT("byImageRef" INTEGER, "byBootVolume" INTEGER, "byNodeGroup" INTEGER), "unattributedServers" INTEGER)'});
    CREATE OR REPLACE VIEW nhn_images_prod.image_changes AS
      SELECT change, id, region, name, fields, dt
      FROM read_ndjson('${root}ndjson/changes/*/*.ndjson.gz',
        hive_partitioning = true, hive_types = {'dt': VARCHAR},
        columns = {change: 'VARCHAR', id: 'VARCHAR', region: 'VARCHAR', name: 'VARCHAR',
          fields: 'MAP(VARCHAR, STRUCT("from" VARCHAR, "to" VARCHAR))'});`,
};
