import {
  DEMO_PROJECT,
  NHN_PUBLIC_OWNER,
  PARTNER_PROJECT,
  type Simulator,
  type SimulatorImage,
  startSimulator,
} from "@nhn-images/simulator";
import {
  type GlanceWithEstate,
  keystoneToken,
  OPENSTACK_AVAILABLE,
  startGlanceWithEstate,
  trustedHeaders,
} from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The simulator held to the real Glance: the same estate in both (read back from Glance, so ids,
 * timestamps and memberships are Glance's own), the same requests as the same project — every
 * parameter the client sends, the limits around Glance's cap, markers, sort keys,
 * `member_status` × `visibility`, `os_hidden`, bad values — and the same answer: status, ids in
 * order, and the `next` and `first` links' parameters.
 */
const BULK = 130;

let real: GlanceWithEstate;
let sim: Simulator;
let token: string;
beforeAll(async () => {
  if (!OPENSTACK_AVAILABLE) return;
  real = await startGlanceWithEstate(
    { own: DEMO_PROJECT.id, partner: PARTNER_PROJECT.id, publisher: NHN_PUBLIC_OWNER },
    BULK,
  );
  await real.glance.storeWholeSeconds();
  const held: SimulatorImage[] = [];
  for (const image of real.estate.images) {
    if (image.story === "deleted") continue;
    held.push(await simulatorImageOf(image.id, image.owner));
  }
  sim = await startSimulator({ images: held });
  token = await keystoneToken(`${sim.url}/v2.0`, DEMO_PROJECT.id, {
    username: "demo@example.com",
    password: "demo-password",
  });
}, 180_000);
afterAll(async () => {
  await sim?.close();
  await real?.close();
});

/** What Glance holds of one image, as the simulator's image (its members' answers included). */
async function simulatorImageOf(id: string, owner: string): Promise<SimulatorImage> {
  const raw = await real.glance
    .as({ project: owner })
    .json<Record<string, unknown>>("GET", `/v2/images/${id}`);
  const members: Record<string, "accepted" | "pending" | "rejected"> = {};
  if (raw.visibility === "shared") {
    const listed = await real.glance
      .as({ project: owner })
      .json<{ members: { member_id: string; status: "accepted" | "pending" | "rejected" }[] }>(
        "GET",
        `/v2/images/${id}/members`,
      );
    for (const member of listed.members) members[member.member_id] = member.status;
  }
  return {
    id,
    name: (raw.name as string | null) ?? "",
    status: raw.status as string,
    diskFormat: raw.disk_format as SimulatorImage["diskFormat"],
    isPublic: raw.visibility === "public",
    protected: raw.protected as boolean,
    minDisk: raw.min_disk as number,
    minRam: raw.min_ram as number,
    size: raw.size as number | null,
    // Not compared here (ids, order and links are): what a listing answers is its own test.
    properties: {},
    createdAt: new Date(raw.created_at as string).toISOString(),
    updatedAt: new Date(raw.updated_at as string).toISOString(),
    visibility: raw.visibility as SimulatorImage["visibility"],
    owner: raw.owner as string,
    tags: [...(raw.tags as string[])].sort(),
    region: "KR1",
    hidden: raw.os_hidden === true,
    ...(raw.visibility === "shared" ? { members } : {}),
  };
}

interface Answer {
  status: number;
  ids: string[];
  next: [string, string][] | null;
  first: [string, string][] | null;
}

const paramsOf = (link: unknown) =>
  typeof link === "string" ? [...new URL(link, "http://x").searchParams].sort() : null;

async function answer(url: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  if (response.status !== 200) return { status: response.status, ids: [], next: null, first: null };
  const body = JSON.parse(text) as { images: { id: string }[]; next?: string; first?: string };
  return {
    status: 200,
    ids: body.images.map((i) => i.id),
    next: paramsOf(body.next),
    first: paramsOf(body.first),
  };
}

const fromGlance = (query: string) =>
  answer(`${real.glance.url}/v2/images?${query}`, trustedHeaders({ project: DEMO_PROJECT.id }));
const fromSimulator = (query: string) =>
  answer(`${sim.url}/image/kr1/v2/images?${query}`, { "x-auth-token": token });

async function expectSame(query: string) {
  const [real, simulated] = await Promise.all([fromGlance(query), fromSimulator(query)]);
  expect(simulated, query).toEqual(real);
  return real;
}

describe.runIf(OPENSTACK_AVAILABLE)("the simulator answers as Glance does", () => {
  it("the client's own listings: every parameter it sends, in id order and by default", async () => {
    for (const hidden of ["", "&os_hidden=true"]) {
      await expectSame(
        `limit=1000&visibility=all&member_status=all&sort_key=id&sort_dir=asc${hidden}`,
      );
      await expectSame(`limit=1000&visibility=all&member_status=all${hidden}`);
      await expectSame(
        `limit=50&visibility=private&member_status=all&status=active&owner=${DEMO_PROJECT.id}${hidden}`,
      );
      await expectSame(
        `limit=1000&visibility=all&member_status=all&size_min=2000&size_max=5000${hidden}`,
      );
    }
  });

  it("limits 1, 100, 1000, 1001 and none, and every page after a marker", async () => {
    for (const limit of ["limit=1&", "limit=100&", "limit=1000&", "limit=1001&", ""]) {
      let query: string | null =
        `${limit}visibility=all&member_status=all&sort_key=id&sort_dir=asc`;
      let pages = 0;
      while (query !== null && pages < 4) {
        const real = await expectSame(query);
        const next = real.next;
        query = next === null ? null : new URLSearchParams(next).toString();
        pages++;
      }
    }
  });

  it("member_status × visibility", async () => {
    for (const visibility of [null, "all", "public", "private", "shared", "community"]) {
      for (const member of [null, "all", "accepted", "pending", "rejected"]) {
        const query = [
          visibility && `visibility=${visibility}`,
          member && `member_status=${member}`,
          "limit=1000",
        ]
          .filter(Boolean)
          .join("&");
        await expectSame(query);
      }
    }
  });

  it("sort keys in both directions", async () => {
    for (const key of ["name", "status", "size", "created_at", "updated_at", "disk_format", "id"]) {
      for (const dir of ["asc", "desc"]) {
        await expectSame(
          `limit=1000&visibility=all&member_status=all&sort_key=${key}&sort_dir=${dir}`,
        );
      }
    }
  });

  it("refuses what Glance refuses, with the same status", async () => {
    for (const query of [
      "marker=00000000-0000-4000-8000-000000000000",
      "limit=-1",
      "limit=abc",
      "visibility=bogus",
      "member_status=bogus",
      "sort_key=bogus",
      "sort_dir=sideways",
      "size_min=abc",
      "os_hidden=yes",
    ]) {
      await expectSame(query);
    }
  });

  it("shows one image by id to the projects that can use it, and 404 to the others", async () => {
    for (const image of real.estate.images) {
      const [fromGlance, simulated] = await Promise.all([
        fetch(`${real.glance.url}/v2/images/${image.id}`, {
          headers: trustedHeaders({ project: DEMO_PROJECT.id }),
        }),
        fetch(`${sim.url}/image/kr1/v2/images/${image.id}`, { headers: { "x-auth-token": token } }),
      ]);
      expect(simulated.status, image.story).toBe(fromGlance.status);
    }
  });
});

/**
 * The writes the lifecycle makes, as `own`, on every kind of image of the estate: the same status
 * from both, and afterwards the same listing. Last in the file: they change both estates alike.
 */
describe.runIf(OPENSTACK_AVAILABLE)("the simulator writes as Glance does", () => {
  const MARK = "nhn-images:delete-after:2026-12-09";
  const statusOf = async (method: string, path: string) => {
    const [fromGlance, simulated] = await Promise.all([
      fetch(`${real.glance.url}${path}`, {
        method,
        headers: trustedHeaders({ project: DEMO_PROJECT.id }),
      }),
      fetch(`${sim.url}/image/kr1${path}`, { method, headers: { "x-auth-token": token } }),
    ]);
    const bodies = [await fromGlance.text(), await simulated.text()];
    if (fromGlance.status === 204) expect(bodies).toEqual(["", ""]);
    return { glance: fromGlance.status, simulator: simulated.status };
  };
  const expectSameStatus = async (method: string, path: string, story: string) => {
    const { glance, simulator } = await statusOf(method, path);
    expect(simulator, `${method} ${path} (${story})`).toBe(glance);
    return glance;
  };
  const everyStory = () => {
    const seen = new Set<string>();
    return real.estate.images.filter((image) => {
      if (seen.has(image.story)) return false;
      seen.add(image.story);
      return true;
    });
  };

  it("adds and removes a tag: 204 on the project's own, 403 on others' it sees, 404 else", async () => {
    const statuses = new Map<string, number>();
    for (const image of everyStory()) {
      const tag = `/v2/images/${image.id}/tags/${encodeURIComponent(MARK)}`;
      statuses.set(image.story, await expectSameStatus("PUT", tag, image.story));
      await expectSameStatus("PUT", tag, `${image.story}, again`);
      await expectSameStatus("DELETE", tag, image.story);
      await expectSameStatus("DELETE", tag, `${image.story}, no such tag`);
    }
    expect(statuses.get("private")).toBe(204);
    expect(statuses.get("protected")).toBe(204);
    expect(statuses.get("public")).toBe(403);
    expect(statuses.get("partner's private")).toBe(404);
    await expectSame("limit=1000&visibility=all&member_status=all&sort_key=id&sort_dir=asc");
  });

  it("refuses a tag longer than 255 characters", async () => {
    const [image] = real.estate.byStory("private");
    const long = "t".repeat(256);
    expect(await expectSameStatus("PUT", `/v2/images/${image?.id}/tags/${long}`, "long")).toBe(400);
  });

  it("deletes the project's own images, never a protected, public or another's one", async () => {
    const statuses = new Map<string, number>();
    for (const image of everyStory()) {
      const path = `/v2/images/${image.id}`;
      statuses.set(image.story, await expectSameStatus("DELETE", path, image.story));
      await expectSameStatus("DELETE", path, `${image.story}, again`);
    }
    expect(statuses.get("private")).toBe(204);
    expect(statuses.get("deactivated")).toBe(204);
    expect(statuses.get("protected")).toBe(403);
    expect(statuses.get("public")).toBe(403);
    expect(statuses.get("shared with us, accepted")).toBe(403);
    expect(statuses.get("stranger's private")).toBe(404);
    expect(statuses.get("deleted")).toBe(404);
    for (const hidden of ["", "&os_hidden=true"]) {
      await expectSame(`limit=1000&visibility=all&member_status=all${hidden}`);
    }
  });
});
