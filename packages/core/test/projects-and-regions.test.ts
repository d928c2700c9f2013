import {
  createImageClient,
  ImageConflictError,
  ImageNotFoundError,
  loadConfig,
  REGIONS,
  UpstreamError,
} from "@nhn-images/core";
import {
  DEMO_PROJECT,
  generateImage,
  imageOf,
  NHN_PUBLIC_OWNER,
  PARTNER_PROJECT,
  type Simulator,
  type SimulatorImage,
  startSimulator,
} from "@nhn-images/simulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 0 });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.faults.clear();
  sim.resetCounts();
});

let serial = 0;
/** A fixed image of the demo project's world, with the fields a case is about. */
function image(fields: Partial<SimulatorImage>): SimulatorImage {
  serial++;
  const base = generateImage(99, serial, fields.region ?? "KR1");
  return {
    ...base,
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, "0")}`,
    status: "active",
    visibility: "private",
    owner: DEMO_PROJECT.id,
    isPublic: false,
    members: undefined,
    ...fields,
  } as SimulatorImage;
}
const strip = imageOf;

/** Records the URLs the client asks for, and how many image requests were in flight at most. */
function spyingFetch() {
  const urls: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = String(input);
    urls.push(url);
    const counted = url.includes("/v2/images");
    if (counted) peak = Math.max(peak, ++inFlight);
    try {
      return await globalThis.fetch(input, init);
    } finally {
      if (counted) inFlight--;
    }
  };
  return { fetch, urls, peak: () => peak };
}

const v2 = (overrides: Record<string, string> = {}) =>
  loadConfig({ ...sim.env("v2"), ...overrides });

describe("every image the project can use", () => {
  it("includes images shared with it, accepted or not, and community images; never deleted ones or another project's private ones", async () => {
    const listed = {
      pending: image({
        visibility: "shared",
        owner: PARTNER_PROJECT.id,
        members: { [DEMO_PROJECT.id]: "pending" },
      }),
      accepted: image({
        visibility: "shared",
        owner: PARTNER_PROJECT.id,
        members: { [DEMO_PROJECT.id]: "accepted" },
      }),
      community: image({ visibility: "community", owner: PARTNER_PROJECT.id }),
      own: image({ visibility: "private" }),
      ownShared: image({ visibility: "shared", members: { [PARTNER_PROJECT.id]: "pending" } }),
      public: image({
        visibility: "public",
        isPublic: true,
        owner: NHN_PUBLIC_OWNER,
        tags: ["_AVAILABLE_"],
      }),
    };
    const unlisted = [
      image({ visibility: "private", status: "deleted" }),
      image({
        visibility: "public",
        isPublic: true,
        owner: NHN_PUBLIC_OWNER,
        status: "pending_delete",
      }),
      image({ visibility: "private", owner: PARTNER_PROJECT.id }),
      image({ visibility: "shared", owner: PARTNER_PROJECT.id, members: {} }),
    ];
    sim.setImages([...Object.values(listed), ...unlisted]);
    const spy = spyingFetch();
    const images = await createImageClient(v2(), { fetch: spy.fetch }).listAllImages();
    expect(images.map((i) => i.id).sort()).toEqual(
      Object.values(listed)
        .map((i) => i.id)
        .sort(),
    );
    expect(images.find((i) => i.id === listed.pending.id)).toEqual(strip(listed.pending));
    const listRequest = new URL(spy.urls.find((u) => u.includes("/v2/images")) ?? "");
    expect(listRequest.searchParams.get("member_status")).toBe("all");
    expect(listRequest.searchParams.get("visibility")).toBe("all");
  });

  it("lists an image seen through two projects once", async () => {
    const shared = image({ visibility: "shared", members: { [PARTNER_PROJECT.id]: "accepted" } });
    const nhnPublic = image({ visibility: "public", isPublic: true, owner: NHN_PUBLIC_OWNER });
    sim.setImages([
      shared,
      nhnPublic,
      image({}),
      image({ visibility: "private", owner: PARTNER_PROJECT.id }),
    ]);
    const client = createImageClient(
      v2({ NHN_TENANT_ID: `${DEMO_PROJECT.id},${PARTNER_PROJECT.id}` }),
    );
    const images = await client.listAllImages();
    expect(images).toHaveLength(4);
    expect(images.filter((i) => i.id === shared.id)).toHaveLength(1);
    expect(images.filter((i) => i.id === nhnPublic.id)).toHaveLength(1);
    expect(sim.counts.identity).toBe(2);
  });
});

describe("several regions", () => {
  it("lists each configured region from its service catalog endpoint and tags each image with it", async () => {
    sim.setImages(REGIONS.map((region) => image({ region })));
    const spy = spyingFetch();
    const images = await createImageClient(v2({ NHN_REGION: "kr2,jp1" }), {
      fetch: spy.fetch,
    }).listAllImages();
    expect(images.map((i) => i.region).sort()).toEqual(["JP1", "KR2"]);
    const hosts = spy.urls.filter((u) => u.includes("/v2/images")).map((u) => new URL(u).pathname);
    // Each region twice: its images, and its hidden images apart (`os_hidden=true`).
    expect(hosts.sort()).toEqual([
      "/image/jp1/v2/images",
      "/image/jp1/v2/images",
      "/image/kr2/v2/images",
      "/image/kr2/v2/images",
    ]);
  });

  it("uses NHN_IMAGE_URL instead of the catalog when it is set", async () => {
    sim.setImages([image({ region: "KR1" })]);
    const spy = spyingFetch();
    await createImageClient(v2({ NHN_IMAGE_URL: sim.url }), { fetch: spy.fetch }).listAllImages();
    expect(
      spy.urls.filter((u) => u.includes("/v2/images")).map((u) => new URL(u).pathname),
    ).toEqual(["/v2/images", "/v2/images"]);
  });

  it("fails the whole call when one region fails, naming it", async () => {
    sim.setImages(REGIONS.map((region) => image({ region })));
    sim.faults.add({
      routes: ["v2-images"],
      regions: ["KR3"],
      fault: { kind: "status", status: 500 },
    });
    const client = createImageClient(v2({ NHN_REGION: "all", NHN_MAX_RETRIES: "0" }));
    const error = await client.listAllImages().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).toContain(`KR3, project ${DEMO_PROJECT.id}`);
  });

  it("runs at most four listings at once, with one token per project", async () => {
    // A simulator of its own: no request of another case can reach its counters.
    const own = await startSimulator({
      images: REGIONS.map((region) => image({ region })),
      faults: [{ routes: ["v2-images"], fault: { kind: "latency", ms: 60 } }],
    });
    try {
      const spy = spyingFetch();
      const client = createImageClient(
        loadConfig({
          ...own.env("v2"),
          NHN_REGION: "all",
          NHN_TENANT_ID: `${DEMO_PROJECT.id},${PARTNER_PROJECT.id}`,
        }),
        { fetch: spy.fetch },
      );
      await expect(client.listAllImages()).resolves.toHaveLength(4);
      // 4 regions × 2 projects, each listed twice (hidden images apart).
      expect(own.listings.v2).toBe(16);
      expect(spy.peak()).toBe(4);
      expect(own.counts.identity).toBe(2);
    } finally {
      await own.close();
    }
  });

  it("stops the other listings when one fails", async () => {
    const own = await startSimulator({
      images: REGIONS.map((region) => image({ region })),
      faults: [
        { routes: ["v2-images"], regions: ["KR1"], fault: { kind: "status", status: 500 } },
        {
          routes: ["v2-images"],
          regions: ["KR2", "KR3", "JP1"],
          fault: { kind: "latency", ms: 2000 },
        },
      ],
    });
    try {
      const slow: AbortSignal[] = [];
      const fetch: typeof globalThis.fetch = (input, init) => {
        const url = String(input);
        if (url.includes("/v2/images") && !url.includes("/image/kr1/") && init?.signal)
          slow.push(init.signal);
        return globalThis.fetch(input, init);
      };
      const client = createImageClient(
        loadConfig({ ...own.env("v2"), NHN_REGION: "all", NHN_MAX_RETRIES: "0" }),
        { fetch },
      );
      await expect(client.listAllImages()).rejects.toBeInstanceOf(UpstreamError);
      // The slow listings' requests are cancelled, not waited for.
      expect(slow).toHaveLength(3);
      expect(slow.every((signal) => signal.aborted)).toBe(true);
    } finally {
      await own.close();
    }
  });
});

describe("one image by id", () => {
  it("is looked for in every region; an id in two is a conflict unless a region is picked", async () => {
    const twin = "00000000-0000-4000-8000-0000000000aa";
    const kr1 = image({ id: twin, region: "KR1", name: "in KR1" });
    const jp1 = image({ id: twin, region: "JP1", name: "in JP1" });
    const only = image({ region: "KR2" });
    sim.setImages([kr1, jp1, only]);
    const client = createImageClient(v2({ NHN_REGION: "all" }));
    await expect(client.getImage(only.id)).resolves.toEqual(strip(only));
    await expect(client.getImage(twin)).rejects.toBeInstanceOf(ImageConflictError);
    await expect(client.getImage(twin, "JP1")).resolves.toMatchObject({
      name: "in JP1",
      region: "JP1",
    });
    await expect(client.getImage(only.id, "KR1")).rejects.toBeInstanceOf(ImageNotFoundError);
  });
});
