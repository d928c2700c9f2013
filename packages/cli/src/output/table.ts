import stringWidth from "string-width";
import { terminalText } from "./terminal-text.ts";

/** One column of a table: its heading and how a row shows in it. */
export interface TableColumn<Row> {
  readonly header: string;
  readonly cell: (row: Row) => string;
  readonly align?: "left" | "right";
  /** Cut first when the table is too wide (a name, a list of fields), before any other column. */
  readonly flexible?: boolean;
}

const GAP = "  ";
/** A column is never cut narrower than this (or its heading); past that, columns are dropped. */
const MIN_WIDTH = 6;
/** Nor shown wider: a long name is cut rather than push every other column off the screen. */
const MAX_WIDTH = 60;

const segmenter = new Intl.Segmenter();

/**
 * Rows as a plain table (headings, then one line per row, columns two spaces apart) that fits
 * `width` terminal cells: flexible columns (names) are narrowed first, then the widest, their
 * cells cut with `…`;
 * if even that does not fit, the rightmost columns are left out. Widths count as a terminal
 * shows them (Korean and other wide characters take two cells). Control characters in a cell
 * (an image name may hold an escape sequence) and bidirectional overrides are shown as `�`,
 * never sent to the terminal.
 */
export function renderTable<Row>(
  rows: readonly Row[],
  columns: readonly TableColumn<Row>[],
  width: number,
): string {
  const cells = rows.map((row) => columns.map((column) => printable(column.cell(row))));
  const widths = columns.map((column, c) =>
    Math.min(
      MAX_WIDTH,
      cells.reduce(
        (widest, row) => Math.max(widest, stringWidth(row[c] ?? "")),
        stringWidth(column.header),
      ),
    ),
  );
  const shown = fitColumns(widths, columns, width);
  const line = (texts: readonly string[]) =>
    shown
      .map((c) => pad(cut(texts[c] ?? "", widths[c] ?? 0), widths[c] ?? 0, columns[c]?.align))
      .join(GAP)
      .trimEnd();
  const lines = [line(columns.map((column) => column.header)), ...cells.map(line)];
  return `${lines.join("\n")}\n`;
}

/** The columns shown (by index), narrowing `widths` in place until they fit `width`. */
function fitColumns<Row>(
  widths: number[],
  columns: readonly TableColumn<Row>[],
  width: number,
): number[] {
  const shown = columns.map((_, c) => c);
  const total = () =>
    shown.reduce((sum, c) => sum + (widths[c] ?? 0), 0) + GAP.length * (shown.length - 1);
  const floor = (c: number) =>
    Math.min(widths[c] ?? 0, Math.max(MIN_WIDTH, stringWidth(columns[c]?.header ?? "")));
  while (total() > width) {
    let widest = -1;
    const flexible = shown.filter((c) => columns[c]?.flexible && (widths[c] ?? 0) > floor(c));
    for (const c of flexible.length > 0 ? flexible : shown) {
      if ((widths[c] ?? 0) > floor(c) && (widest < 0 || (widths[c] ?? 0) > (widths[widest] ?? 0)))
        widest = c;
    }
    if (widest >= 0) {
      widths[widest] = (widths[widest] ?? 0) - 1;
    } else if (shown.length > 1) {
      shown.pop();
    } else {
      widths[shown[0] ?? 0] = width;
      break;
    }
  }
  return shown;
}

/** C0 and C1 control characters (with DEL): an escape sequence starts with one. */
const CONTROL = /\p{Cc}/gu;

/** A cell on one line, nothing in it a terminal acts on (widths are counted after). */
function printable(text: string): string {
  return terminalText(text.replace(CONTROL, "\ufffd"));
}

/** `text` cut to `width` cells, ending in `…` when cut. */
function cut(text: string, width: number): string {
  if (stringWidth(text) <= width) return text;
  let out = "";
  let used = 0;
  for (const { segment } of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

function pad(text: string, width: number, align: "left" | "right" = "left"): string {
  const fill = " ".repeat(Math.max(0, width - stringWidth(text)));
  return align === "right" ? fill + text : text + fill;
}
