/** Bytes as people read them: 1.5 GB, 812 MB (powers of 1024, as the console shows sizes). */
export function humanBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return "";
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 || value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** `fields` of a change as `status: active → deactivated, name` (values only when short). */
export function describeFields(
  fields: Readonly<Record<string, { from: unknown; to: unknown }>>,
): string {
  return Object.entries(fields)
    .map(([field, { from, to }]) => {
      const a = JSON.stringify(from) ?? "null";
      const b = JSON.stringify(to) ?? "null";
      return a.length + b.length <= 40 ? `${field}: ${a} → ${b}` : field;
    })
    .join(", ");
}
