import { isHidden, type SimulatorImage } from "./simulated-image.ts";

/** The `visibility` and `member_status` of a Glance list request (null when not given). */
export interface GlanceListScope {
  /** The project the token is scoped to. */
  readonly project: string;
  readonly visibility: string | null;
  readonly memberStatus: string | null;
  /** `os_hidden`: `true` lists only hidden images, anything else (or none) only the others. */
  readonly hidden: boolean;
}

/** Statuses Glance never lists: a deleted image is gone from the API (pending_delete too). */
const UNLISTED_STATUSES: ReadonlySet<string> = new Set(["deleted", "pending_delete"]);

/**
 * Whether Glance v2 lists `image` to a project, as OpenStack's image API defines it and NHN's
 * guide describes it: public images to everyone; private ones to their owner; shared ones to
 * their owner and to member projects whose membership matches `member_status` (default
 * `accepted`: "공유받은 이미지는 기본적으로 이미지 목록 조회에서는 표시되지 않습니다"); community
 * images only when asked for (`visibility=community` or `all`). Deleted images never.
 */
export function glanceLists(image: SimulatorImage, scope: GlanceListScope): boolean {
  return (
    !UNLISTED_STATUSES.has(image.status) &&
    isHidden(image) === scope.hidden &&
    visibleTo(image, scope)
  );
}

function visibleTo(image: SimulatorImage, scope: GlanceListScope): boolean {
  const asked = scope.visibility;
  if (asked !== null && asked !== "all" && asked !== image.visibility) return false;
  switch (image.visibility) {
    case "public":
      return true;
    case "community":
      // Glance's default list holds the project's own community images, no one else's.
      return (
        asked === "community" ||
        asked === "all" ||
        (asked === null && image.owner === scope.project)
      );
    case "private":
      return image.owner === scope.project;
    case "shared": {
      if (image.owner === scope.project) return true;
      const membership = image.members === undefined ? "accepted" : image.members[scope.project];
      if (membership === undefined) return false;
      const wanted = scope.memberStatus ?? "accepted";
      return wanted === "all" || wanted === membership;
    }
  }
}

/** Whether Glance shows one image (`GET /v2/images/{id}`) to a project: any it could list. */
export function glanceShows(image: SimulatorImage, project: string): boolean {
  return (
    !UNLISTED_STATUSES.has(image.status) &&
    visibleTo(image, { project, visibility: "all", memberStatus: "all", hidden: isHidden(image) })
  );
}

/**
 * Whether the v1 appkey API lists `image` to the appkey's project. The guide says no more than
 * its field table; the simulator lists what Glance lists by default (public, the project's own,
 * accepted shares) and, as the guide's status table lists them, deleted images too.
 */
export function v1Lists(image: SimulatorImage, project: string): boolean {
  return visibleTo(image, { project, visibility: null, memberStatus: null, hidden: false });
}
