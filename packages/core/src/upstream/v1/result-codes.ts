import { UpstreamError } from "../../errors.ts";
import type { V1Header } from "./schemas.ts";

/** v1 result codes, from the common error table of the API preparation guide. */
export const V1_RESULT_CODES: Readonly<Record<number, string>> = {
  [-1]: "FAIL",
  [-2]: "unknown error",
  [-3]: "permission denied",
  [-4]: "invalid parameters",
  [-5]: "nonexistent",
  [-6]: "internal DB error",
  [-7]: "not supported",
  [-8]: "JSON parse error",
};

/**
 * The HTTP status a v1 result code stands for: the guide's 304xx (image) and 504xx (token)
 * codes carry it in their last three digits; the others map to the closest status.
 */
export function httpStatusOfV1Code(resultCode: number): number {
  const digits = String(Math.abs(resultCode));
  if (digits.length >= 5 && (digits.startsWith("304") || digits.startsWith("504"))) {
    const status = Number(digits.slice(-3));
    if (status >= 400 && status <= 599) return status;
  }
  switch (resultCode) {
    case -3:
      return 403;
    case -4:
    case -8:
      return 400;
    case -5:
      return 404;
    case -7:
      return 501;
    default:
      return 500;
  }
}

/** -3 (permission denied) and 504xx token errors: a fresh token may help, once. */
export function isV1AuthFailure(resultCode: number): boolean {
  if (resultCode === -3) return true;
  const digits = String(Math.abs(resultCode));
  return digits.length >= 5 && digits.startsWith("504");
}

/** The {@link UpstreamError} for a v1 `isSuccessful: false` header. */
export function failureFromV1Header(header: V1Header, operation: string): UpstreamError {
  const message = header.resultMessage ?? V1_RESULT_CODES[header.resultCode] ?? "unknown";
  return new UpstreamError(`${operation} failed: resultCode ${header.resultCode} (${message})`, {
    resultCode: header.resultCode,
    resultMessage: header.resultMessage ?? null,
    httpStatus: httpStatusOfV1Code(header.resultCode),
  });
}

/** The result code of a failed v1 header in any body, or null when the body is no v1 failure. */
export function v1FailureCode(body: unknown): number | null {
  if (typeof body !== "object" || body === null) return null;
  const header = (body as { header?: { isSuccessful?: unknown; resultCode?: unknown } }).header;
  if (header === undefined || header.isSuccessful === true || header.isSuccessful === "true")
    return null;
  const code = Number(header.resultCode);
  return Number.isFinite(code) ? code : null;
}

/** The `resultMessage` of a v1 body, when it has one. */
export function v1ResultMessage(body: unknown): string | null {
  const header = (body as { header?: { resultMessage?: unknown } } | null)?.header;
  return typeof header?.resultMessage === "string" ? header.resultMessage : null;
}
