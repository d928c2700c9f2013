import type { IncomingMessage } from "node:http";
import type { Answer } from "./http.ts";
import type { RegionImages } from "./image-source.ts";
import { DEMO_PROJECT, DEMO_USER_ID, type SimulatorCredentials } from "./projects.ts";
import { toV1Image } from "./render.ts";
import { microsecondsTimestamp, secondsTimestamp, type TokenStore } from "./tokens.ts";
import { v1Lists } from "./visibility.ts";

/*
 * The v1 appkey API as its guides document it: the token of Compute-Instance
 * `ko/old/api-common-guide.md` and the image list of Compute-Image `ko/old/api-guide.md` (the
 * project's seed). Every answer is HTTP 200 with a `header`; failures carry the guide's result
 * codes and messages ("Permission denied [: detail description]").
 */

const success = () => ({ isSuccessful: true, resultCode: 0, resultMessage: "SUCCESS" });

export function v1Failure(resultCode: number, resultMessage: string): Answer {
  return { status: 200, body: { header: { isSuccessful: false, resultCode, resultMessage } } };
}

/** `POST /v1.0/appkeys/{appkey}/tokens` with the User Access Key ID and Secret Access Key. */
export function issueV1Token(
  appkey: string,
  body: unknown,
  credentials: SimulatorCredentials,
  tokens: TokenStore,
): Answer {
  const auth = (body as { auth?: { username?: unknown; password?: unknown } })?.auth;
  if (appkey !== credentials.appkey) return v1Failure(-3, "Permission denied: invalid appkey");
  if (auth?.username !== credentials.accessKeyId || auth.password !== credentials.secretAccessKey) {
    return v1Failure(-3, "Permission denied: invalid User Access Key ID or Secret Access Key");
  }
  const token = tokens.issue({ api: "v1", appkey });
  return {
    status: 200,
    body: {
      header: success(),
      access: {
        token: {
          expires: secondsTimestamp(token.expiresAt),
          id: token.id,
          issued_at: microsecondsTimestamp(token.issuedAt),
        },
        user: { id: DEMO_USER_ID, roles: [{ name: "Member" }] },
      },
    },
  };
}

/** How the v1 listing pages: where a page after `marker` starts, and an undocumented cap. */
export interface V1Paging {
  /** `from` (default): the marker's own image first, as the guide says; `after`: the next one. */
  readonly marker?: "from" | "after";
  /** The most images a page holds whatever `limit` asks (none by default: none is documented). */
  readonly maxLimit?: number;
}

/**
 * `GET /v1.0/appkeys/{appkey}/images?limit=&marker=`: the KR1 images of the appkey's project,
 * newest first ("이미지 목록은 생성 일자 순으로 정렬됩니다"), from the `marker` image itself, as
 * the guide words it ("marker로 지정된 이미지부터 limit 갯수만큼", Compute-Image
 * `ko/old/api-guide.md`), or from the one after it (`v1Paging.marker: "after"`). Without `limit`,
 * every image; the guide documents no maximum, and `v1Paging.maxLimit` caps pages as a server
 * may without saying so.
 */
export function listV1Images(
  appkey: string,
  req: IncomingMessage,
  url: URL,
  credentials: SimulatorCredentials,
  tokens: TokenStore,
  source: RegionImages,
  options: { readonly ignoreMarker: boolean; readonly paging?: V1Paging | undefined } = {
    ignoreMarker: false,
  },
): Answer {
  if (appkey !== credentials.appkey) return v1Failure(-3, "Permission denied: invalid appkey");
  const check = tokens.check(req.headers["x-auth-token"], "v1", appkey);
  if (!check.ok) {
    return check.reason === "expired"
      ? v1Failure(50401, "token expired")
      : v1Failure(-3, "Permission denied: invalid token");
  }
  const limitText = url.searchParams.get("limit");
  const marker = options.ignoreMarker ? null : url.searchParams.get("marker");
  let limit = Number.POSITIVE_INFINITY;
  if (limitText !== null) {
    if (!/^\d+$/.test(limitText) || Number(limitText) < 1)
      return v1Failure(-4, "Invalid parameters: limit");
    limit = Math.min(Number(limitText), options.paging?.maxLimit ?? Number.POSITIVE_INFINITY);
  }
  let start = 0;
  if (marker !== null) {
    const position = source.positionOf(marker);
    if (position === null) return v1Failure(-4, "Invalid parameters: marker");
    start = options.paging?.marker === "after" ? position + 1 : position;
  }
  const images: unknown[] = [];
  for (let p = start; p < source.positions && images.length < limit; p++) {
    const image = source.at(p);
    if (image !== null && v1Lists(image, DEMO_PROJECT.id)) images.push(toV1Image(image));
  }
  return { status: 200, body: { header: success(), images } };
}
