import type { JsonResponse, Transport } from "../../client/transport.ts";
import {
  NhnImagesError,
  UpstreamAuthError,
  UpstreamError,
  UpstreamSchemaError,
} from "../../errors.ts";
import { V1_REGION } from "../../regions.ts";
import type { Secret } from "../../secret.ts";
import { parseTimestamp } from "../../timestamp.ts";
import type { ImageFieldReader } from "../field-reader.ts";
import { httpFailure } from "../http-failure.ts";
import type {
  ImageApi,
  IssuedToken,
  ListingTarget,
  ListRequest,
  UpstreamPage,
} from "../image-api.ts";
import { parseAt } from "../parse-at.ts";
import { normaliseV1Image } from "./normalise.ts";
import {
  failureFromV1Header,
  isV1AuthFailure,
  v1FailureCode,
  v1ResultMessage,
} from "./result-codes.ts";
import { V1ImageList, V1TokenResponse } from "./schemas.ts";

export interface V1Settings {
  readonly computeUrl: string;
  readonly appkey: string;
  /** NHN's User Access Key (ID and Secret Access Key), or null with a ready token. */
  readonly accessKey: { readonly id: string; readonly secret: Secret } | null;
  readonly fields: ImageFieldReader;
}

/**
 * The v1 appkey API: `GET {compute}/v1.0/appkeys/{appkey}/images?limit=&marker=`, tokens from
 * `POST {compute}/v1.0/appkeys/{appkey}/tokens` with the User Access Key, every answer HTTP 200
 * with a `header`. It serves Korea (KR1) only, has no filters, no sort and no single-image call.
 */
export function v1ImageApi(settings: V1Settings): ImageApi {
  const base = `${settings.computeUrl}/v1.0/appkeys/${encodeURIComponent(settings.appkey)}`;
  return {
    apiVersion: "v1",
    listsInIdOrder: false,
    listsHiddenApart: false,
    targets: [{ region: V1_REGION, project: null }],

    async issueToken(transport: Transport): Promise<IssuedToken> {
      const key = settings.accessKey;
      if (key === null) throw new NhnImagesError("A ready token is never reissued");
      const operation = "v1 token request";
      const response = await transport.requestJson({
        method: "POST",
        url: `${base}/tokens`,
        body: { auth: { username: key.id, password: key.secret.reveal() } },
        operation,
      });
      if (response.status !== 200) throw httpFailure(response, operation);
      const body = parseAt(V1TokenResponse, response.body, "");
      if (!body.header.isSuccessful) {
        const failure = failureFromV1Header(body.header, operation);
        if (!isV1AuthFailure(body.header.resultCode)) throw failure;
        throw new UpstreamAuthError(
          "v1 token request was refused: check NHN_APPKEY, and NHN_USERNAME and NHN_API_PASSWORD (your User Access Key ID and Secret Access Key)",
          failure.details,
        );
      }
      const token = body.access?.token ?? body.token;
      if (token == null) {
        throw new UpstreamError("v1 token request answered no token", {
          resultCode: body.header.resultCode,
          resultMessage: body.header.resultMessage ?? null,
          httpStatus: response.status,
        });
      }
      return {
        id: token.id,
        expiresAt: token.expires == null ? null : parseTimestamp(token.expires),
        catalog: null,
      };
    },

    isAuthFailure(response: JsonResponse): boolean {
      if (response.status === 401) return true;
      if (response.status !== 200) return false;
      const code = v1FailureCode(response.body);
      return code !== null && isV1AuthFailure(code);
    },

    authFailure(response: JsonResponse, operation: string): UpstreamAuthError {
      const code = v1FailureCode(response.body);
      const refusal = code === null ? `HTTP ${response.status}` : `resultCode ${code}`;
      return new UpstreamAuthError(
        `${operation} was refused (${refusal}) even with a fresh token`,
        {
          resultCode: code,
          resultMessage: v1ResultMessage(response.body),
          httpStatus: response.status === 200 ? 401 : response.status,
        },
      );
    },

    endpoint: () => base,

    pageUrl(endpoint: string, request: ListRequest, marker: string | null): string {
      const query = new URLSearchParams({ limit: String(request.pageSize) });
      if (marker !== null) query.set("marker", marker);
      return `${endpoint}/images?${query}`;
    },

    readPage(response: JsonResponse, _request: ListRequest, operation: string): UpstreamPage {
      if (response.status !== 200) throw httpFailure(response, operation);
      const body = parseAt(V1ImageList, response.body, "");
      if (!body.header.isSuccessful) throw failureFromV1Header(body.header, operation);
      const images = body.images;
      // `"images": null` (or none) on a success is a broken answer, not an empty project: read
      // as "no images", it would make a snapshot that removes every image.
      if (images == null) {
        throw new UpstreamSchemaError(`${operation}: a successful answer lists no images array`, [
          { path: "images", message: "must be an array on a successful answer" },
        ]);
      }
      // No `next` in v1, and no documented maximum `limit` (Compute-Image `ko/old/api-guide.md`):
      // a server that caps its pages answers shorter ones before the end, so a short page is not
      // the last. The next page starts at the last id; the listing ends at a page with nothing
      // new (the client's rule), which the guide's "from the marker" pages make a one-image page.
      const lastId = (images.at(-1) as { id?: unknown } | undefined)?.id;
      return { images, nextMarker: typeof lastId === "string" ? lastId : null };
    },

    normalise: (raw: unknown, path: string, _target: ListingTarget) =>
      normaliseV1Image(raw, path, settings.fields),

    // The guide's only image call is the list.
    imageUrl: null,
    tagUrl: null,
  };
}
