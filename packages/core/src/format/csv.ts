import { type ImageField, imageFields } from "../schemas/image.ts";

/**
 * The CSV columns for a projection (or every field), in the Image's canonical order, `id` and
 * `region` always among them (an image's identity); `usage`
 * (a JSON column, like `properties`) is among every field when images carry it.
 */
export function csvColumns(fields: readonly ImageField[] | null, usage = false): ImageField[] {
  if (fields === null) return imageFields(usage);
  const wanted = new Set<ImageField>(["id", "region", ...fields]);
  return imageFields(true).filter((field) => wanted.has(field));
}

/** The header row, CRLF-terminated (RFC 4180). */
export function csvHeader(columns: readonly string[]): string {
  return `${columns.map(csvField).join(",")}\r\n`;
}

/**
 * One record as a CRLF-terminated RFC 4180 row: fields holding `"`, `,`, CR or LF are quoted,
 * null is empty, `properties` is a JSON string and `tags` are joined with `;`; a cell that
 * starts like a formula is prefixed with `'`.
 */
export function csvRow<Column extends string>(
  record: Partial<Record<Column, unknown>>,
  columns: readonly Column[],
): string {
  let row = "";
  for (let c = 0; c < columns.length; c++) {
    const value = record[columns[c] as Column];
    const text =
      value === null || value === undefined
        ? ""
        : Array.isArray(value)
          ? value.join(";")
          : typeof value === "object"
            ? JSON.stringify(value)
            : String(value);
    row += c === 0 ? csvField(text) : `,${csvField(text)}`;
  }
  return `${row}\r\n`;
}

/**
 * One RFC 4180 field. A cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return) is prefixed with `'`, as OWASP's CSV-injection guidance says:
 * image names and properties come from whoever made the image.
 */
function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
