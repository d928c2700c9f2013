/**
 * The text of the README's section under `heading` (e.g. `### Athena`), up to the next heading
 * of level 2 or 3. Tests read the README's examples from it, so a README edit that drops a
 * section fails them instead of silently testing less.
 *
 * @throws {Error} when the README has no such section.
 */
export function readmeSection(readme: string, heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no '${heading}' section`);
  const rest = readme.slice(start + 1);
  const end = rest.slice(heading.length).search(/\n#{2,3} /);
  return end < 0 ? rest : rest.slice(0, end + heading.length);
}
