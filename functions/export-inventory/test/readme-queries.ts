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
  const start = readme.indexOf("\n### Athena\n");
  if (start < 0) throw new Error("README.md has no '### Athena' section");
  const rest = readme.slice(start + 1);
  const end = rest.slice(4).search(/\n#{2,3} /);
  const section = end < 0 ? rest : rest.slice(0, end + 4);
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
