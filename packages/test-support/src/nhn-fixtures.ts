import { readFileSync } from "node:fs";

/** The names of NHN's documented bodies kept in `fixtures/nhn` (see its README for sources). */
export type NhnFixture =
  | "compute-image.public-api.list-images"
  | "compute-image.public-api.get-image"
  | "compute-image.old.api-guide.list-images"
  | "compute-image.old.api-guide.list-images.filled"
  | "compute-instance.old.api-common-guide.issue-token.request"
  | "compute-instance.old.api-common-guide.issue-token"
  | "compute-instance.old.api-common-guide.issue-token.filled"
  | "toast-cloud.public-api.iaas-token.request"
  | "toast-cloud.public-api.iaas-token.issue-token"
  | "storage-object-storage.s3-api-guide.issue-credential"
  | "storage-object-storage.s3-api-guide.sdk-parameters"
  | "compute-instance.public-api.list-servers-detail"
  | "storage-block-storage.public-api.list-volumes-detail"
  | "container-kubernetes.public-api.list-clusters"
  | "container-kubernetes.public-api.list-nodegroups";

/** One of NHN's documented example bodies, parsed (a fresh copy on every call). */
export function nhnFixture<T = unknown>(name: NhnFixture): T {
  return JSON.parse(
    readFileSync(new URL(`../fixtures/nhn/${name}.json`, import.meta.url), "utf8"),
  ) as T;
}
