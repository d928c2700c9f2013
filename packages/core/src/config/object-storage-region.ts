/**
 * The signing region of NHN Object Storage's documented S3 hosts (Storage-Object-Storage
 * `ko/s3-api-guide.md`, "AWS SDK" and "서명 생성": `https://kr1-api-object-storage.nhncloudservice.com`
 * signs for `KR1`, and likewise KR2, KR3 and JP1).
 */
const NHN_OBJECT_STORAGE_HOST = /^(kr1|kr2|kr3|jp1)-api-object-storage\.nhncloudservice\.com$/i;

/**
 * The region an endpoint of NHN Object Storage signs for, read from its documented host, or null
 * for any other endpoint (a local server, another S3-compatible store), whose region cannot be
 * guessed: Swift's S3 layer binds SigV4 to its own `location` and refuses any other.
 *
 * @example documentedSigningRegion("https://kr1-api-object-storage.nhncloudservice.com") // "KR1"
 */
export function documentedSigningRegion(endpoint: string): string | null {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return null;
  }
  return NHN_OBJECT_STORAGE_HOST.exec(host)?.[1]?.toUpperCase() ?? null;
}
