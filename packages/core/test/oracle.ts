/*
 * Naive, independent re-statements of DESIGN.md's query semantics, written without looking at
 * the engine: slow and obviously right, for property-based tests to compare against.
 */
import type { Image } from "@nhn-images/core";

/** Glob by dynamic programming over code points: * any run, ? one, \ escapes; case-insensitive. */
export function oracleGlobMatches(pattern: string, text: string): boolean {
  // DESIGN.md: NFC, then each character case-folded on its own to one character.
  const foldOne = (c: string) => {
    const viaUpper = c.toUpperCase().toLowerCase();
    const pick = Array.from(viaUpper).length === 1 ? viaUpper : c.toLowerCase();
    return Array.from(pick.normalize("NFC"))[0] ?? c;
  };
  const fold = (s: string) => Array.from(s.normalize("NFC"), foldOne).join("");
  type Token = { any: true } | { one: true } | { char: string };
  const tokens: Token[] = [];
  const chars = Array.from(pattern.normalize("NFC"));
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === "\\") tokens.push({ char: foldOne(chars[++i] as string) });
    else if (c === "*") tokens.push({ any: true });
    else if (c === "?") tokens.push({ one: true });
    else tokens.push({ char: foldOne(c) });
  }
  const t = Array.from(fold(text));
  // dp[j]: tokens[0..i) match t[0..j)
  let dp = t.map(() => false).concat(false);
  dp[0] = true;
  for (const token of tokens) {
    const next = dp.map(() => false);
    for (let j = 0; j <= t.length; j++) {
      if ("any" in token) next[j] = dp[j] || (j > 0 && (next[j - 1] ?? false)) || false;
      else if (j > 0 && dp[j - 1] && ("one" in token || token.char === t[j - 1])) next[j] = true;
    }
    dp = next;
  }
  return dp[t.length] ?? false;
}

export interface OracleQuery {
  status?: string[];
  diskFormat?: string[];
  visibility?: string[];
  owner?: string[];
  region?: string[];
  family?: string[];
  tag?: string[];
  protected?: boolean;
  id?: string[];
  name?: string;
  property?: string[];
  fitsDisk?: number;
  fitsRam?: number;
  sizeMin?: number;
  sizeMax?: number;
  createdSince?: string;
  createdBefore?: string;
  updatedSince?: string;
  updatedBefore?: string;
  sort?: { field: string; direction: "asc" | "desc" }[];
}

export function oracleMatches(image: Image, q: OracleQuery): boolean {
  const time = (s: string) => Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
  if (q.status && !q.status.includes(image.status)) return false;
  if (q.diskFormat && !q.diskFormat.includes(image.diskFormat ?? "\u0000none")) return false;
  if (q.visibility && !q.visibility.includes(image.visibility)) return false;
  if (q.owner && (image.owner === null || !q.owner.includes(image.owner))) return false;
  if (q.region && !q.region.includes(image.region)) return false;
  if (q.family && !q.family.includes(image.family)) return false;
  for (const glob of q.tag ?? [])
    if (!image.tags.some((tag) => oracleGlobMatches(glob, tag))) return false;
  if (q.protected !== undefined && q.protected !== image.protected) return false;
  if (q.id && !q.id.includes(image.id)) return false;
  if (q.name !== undefined && !oracleGlobMatches(q.name, image.name)) return false;
  for (const p of q.property ?? []) {
    const at = p.indexOf(":");
    const key = at < 0 ? p : p.slice(0, at);
    if (!Object.keys(image.properties).includes(key)) return false;
    if (at >= 0 && !oracleGlobMatches(p.slice(at + 1), image.properties[key] as string))
      return false;
  }
  if (q.fitsDisk !== undefined && image.minDisk > q.fitsDisk) return false;
  if (q.fitsRam !== undefined && image.minRam > q.fitsRam) return false;
  if (q.sizeMin !== undefined && (image.size === null || image.size < q.sizeMin)) return false;
  if (q.sizeMax !== undefined && (image.size === null || image.size > q.sizeMax)) return false;
  if (q.createdSince && Date.parse(image.createdAt) < time(q.createdSince)) return false;
  if (q.createdBefore && Date.parse(image.createdAt) >= time(q.createdBefore)) return false;
  if (q.updatedSince && Date.parse(image.updatedAt) < time(q.updatedSince)) return false;
  if (q.updatedBefore && Date.parse(image.updatedAt) >= time(q.updatedBefore)) return false;
  return true;
}

/** Code point order via arrays of code points: slow and plain. */
function codePointOrder(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) as number);
  const y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++)
    if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

export function oracleSort(images: Image[], q: OracleQuery): Image[] {
  const keys = q.sort ?? [{ field: "createdAt", direction: "desc" }];
  return [...images].sort((a, b) => {
    for (const { field, direction } of keys) {
      const x = a[field as keyof Image] as string | number | null;
      const y = b[field as keyof Image] as string | number | null;
      if (x === null && y === null) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const c =
        typeof x === "number"
          ? (x as number) - (y as number)
          : codePointOrder(x as string, y as string);
      if (c !== 0) return direction === "asc" ? c : -c;
    }
    return codePointOrder(a.id, b.id) || codePointOrder(a.region, b.region);
  });
}

/** The query as a query string, as a client would send it. */
export function toQueryString(q: OracleQuery, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) {
    if (value === undefined) continue;
    if (key === "property" || key === "tag")
      for (const p of value as string[]) params.append(key, p);
    else if (key === "sort")
      params.set(
        "sort",
        (value as OracleQuery["sort"] & object).map((s) => `${s.field}:${s.direction}`).join(","),
      );
    else if (Array.isArray(value)) params.set(key, value.join(","));
    else params.set(key, String(value));
  }
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  return params.toString();
}
