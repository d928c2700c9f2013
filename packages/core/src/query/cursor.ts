import { createHash } from "node:crypto";
import * as z from "zod";
import { QueryError } from "../errors.ts";

/** Where the previous page ended: its last row's sort values, id and region. */
export interface CursorPosition {
  readonly values: readonly (string | number | null)[];
  readonly id: string;
  readonly region: string;
}

/** What a cursor carries: the canonical filters and sort it was made with, and the position. */
export interface CursorState {
  readonly canonical: string;
  readonly after: CursorPosition;
}

/** Version 2 adds the region that breaks ties after the id; version 1 cursors are refused. */
const CursorPayload = z.strictObject({
  v: z.literal(2),
  q: z.string(),
  k: z.array(z.union([z.string(), z.number(), z.null()])).max(16),
  i: z.string().min(1),
  r: z.string().min(1).max(8),
  h: z.string().length(16),
});

/**
 * A keyset cursor: base64url JSON with an unkeyed checksum. The checksum catches a cut or
 * corrupted cursor (a 400); it does not stop a deliberate edit with a recomputed checksum, which
 * can only move the page within the same query: the filters and sort it names are checked
 * against the request, and every row is filtered again (docs/security.md).
 */
export function encodeCursor(state: CursorState): string {
  const body = {
    v: 2 as const,
    q: state.canonical,
    k: state.after.values,
    i: state.after.id,
    r: state.after.region,
  };
  return Buffer.from(JSON.stringify({ ...body, h: checksum(body) }), "utf8").toString("base64url");
}

/** Decodes a cursor, or returns null when it is not one of ours or was altered. */
export function decodeCursor(text: string): CursorState | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = CursorPayload.safeParse(json);
  if (!parsed.success) return null;
  const { h, ...body } = parsed.data;
  if (checksum(body) !== h) return null;
  return { canonical: body.q, after: { values: body.k, id: body.i, region: body.r } };
}

function checksum(body: object): string {
  return createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 16);
}

/**
 * The query and position a cursor continues: `restore` reads the query back from the cursor's
 * canonical text and position (null: not a cursor of this route, or a position it cannot hold);
 * `agrees` says whether the parameters sent with the cursor (if any) name the same query.
 *
 * @throws {QueryError} on `cursor` when it is not ours, or was made for another query.
 */
export function resumeCursor<Q>(
  text: string,
  restore: (canonical: string, after: CursorPosition) => Q | null,
  agrees: (restored: Q) => boolean,
): { query: Q; after: CursorPosition } {
  const state = decodeCursor(text);
  const restored = state === null ? null : restore(state.canonical, state.after);
  if (state === null || restored === null) {
    throw new QueryError([
      {
        param: "cursor",
        message: "is not a cursor this API issued (cut, edited or from elsewhere)",
      },
    ]);
  }
  if (!agrees(restored)) {
    throw new QueryError([
      {
        param: "cursor",
        message:
          "was made with different parameters: send the cursor alone, or with the same parameters",
      },
    ]);
  }
  return { query: restored, after: state.after };
}
