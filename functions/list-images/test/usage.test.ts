import { REGIONS } from "@nhn-images/core";
import { type Simulator, startSimulator } from "@nhn-images/simulator";
import { expectedVerdicts } from "@nhn-images/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlerFor, httpApiEvent, json } from "./helpers.ts";

/*
 * GET /images with usage (NHN_USAGE=true) over a simulated estate with every kind of reference:
 * servers made from an image (running, shut off, shelved), servers booted from a volume that
 * names its image, one in KR2 booted from a volume that does not, volumes made from an image,
 * NKS node groups in KR1, KR2 and KR3.
 */

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ images: 200, seed: 3 });
});
afterAll(() => sim.close());

const USAGE = { NHN_REGION: "all", NHN_USAGE: "true" };

function expected() {
  const images = REGIONS.flatMap((region) => sim.listable({ region }));
  return { images, verdicts: expectedVerdicts(images, (region) => sim.estate(region as never)) };
}

async function listAll(query: string, env: Record<string, string> = USAGE) {
  const { handler } = handlerFor(sim, "v2", env);
  const response = await handler(httpApiEvent(`/images?limit=1000&${query}`));
  expect(response.statusCode, response.body).toBe(200);
  return json(response).images as { id: string; region: string; usage?: { verdict: string } }[];
}

interface Evidence {
  byImageRef: number;
  byBootVolume: number;
  byNodeGroup: number;
}

const keysOf = (images: readonly { id: string; region: string }[]) =>
  new Set(images.map((image) => `${image.region} ${image.id}`));

describe("GET /images?inUse", () => {
  it("false&visibility=private lists exactly the private images nothing refers to, outside the region whose server hides its image", async () => {
    const { verdicts, images } = expected();
    const unused = images.filter(
      (i) => i.visibility === "private" && verdicts.get(`${i.region} ${i.id}`) === "unused",
    );
    expect(unused.length).toBeGreaterThan(10);
    const answered = await listAll("inUse=false&visibility=private");
    expect(keysOf(answered)).toEqual(keysOf(unused));
    expect(answered.some((image) => image.region === "KR2")).toBe(false);
  });

  it("unknown names the KR2 images a volume-booted server may hide, saying why", async () => {
    const answered = await listAll("inUse=unknown&visibility=private&region=KR2");
    expect(answered.length).toBeGreaterThan(0);
    for (const image of answered) {
      expect(image.usage).toMatchObject({
        verdict: "unknown",
        reason: "1 server in KR2 boots from a volume that does not name its image",
        unattributedServers: 1,
      });
    }
  });

  it("true lists every image something refers to, with its evidence", async () => {
    const { verdicts, images } = expected();
    const used = images.filter((i) => verdicts.get(`${i.region} ${i.id}`) === "inUse");
    const answered = await listAll("inUse=true");
    expect(keysOf(answered)).toEqual(keysOf(used));
    const kinds = answered.map((image) => image.usage as unknown as { evidence: Evidence });
    expect(kinds.some((u) => u.evidence.byImageRef > 0)).toBe(true);
    expect(kinds.some((u) => u.evidence.byBootVolume > 0)).toBe(true);
    expect(kinds.some((u) => u.evidence.byNodeGroup > 0)).toBe(true);
  });

  it("takes a comma list, and projects usage like any field (CSV: a JSON column)", async () => {
    const all = await listAll("inUse=true,false,unknown&fields=usage");
    expect(all.length).toBe(expected().images.length);
    expect(Object.keys(all[0] ?? {}).sort()).toEqual(["id", "region", "usage"]);
    const { handler } = handlerFor(sim, "v2", USAGE);
    const csv = await handler(httpApiEvent("/images?limit=5&format=csv"));
    const [header, row] = csv.body.split("\r\n");
    expect(header?.endsWith(",region,hidden,family,usage")).toBe(true);
    expect(row).toMatch(/"\{""verdict"":""(inUse|unused|unknown)""/);
  });

  it("is unknown, not unused, where a usage listing fails, and never leaks a secret", async () => {
    sim.faults.add({
      fault: { kind: "echo-secret", via: "result-message" },
      routes: ["servers"],
      regions: ["KR1"],
    });
    try {
      const answered = await listAll("inUse=unknown&visibility=private&region=KR1");
      expect(answered.length).toBeGreaterThan(0);
      expect(JSON.stringify(answered)).toContain("servers of project");
      for (const token of sim.issuedTokens()) expect(JSON.stringify(answered)).not.toContain(token);
      expect(JSON.stringify(answered)).not.toContain("demo-password");
      expect(await listAll("inUse=false&region=KR1")).toEqual([]);
    } finally {
      sim.faults.clear();
    }
  });
});

describe("without NHN_USAGE", () => {
  it("answers no usage, calls no usage API, and refuses inUse and fields=usage naming them", async () => {
    sim.resetCounts();
    const images = await listAll("", { NHN_REGION: "all" });
    expect(images.every((image) => image.usage === undefined)).toBe(true);
    expect([sim.counts.servers, sim.counts.volumes, sim.counts.clusters]).toEqual([0, 0, 0]);
    const { handler } = handlerFor(sim, "v2");
    for (const [query, param] of [
      ["inUse=false", "inUse"],
      ["fields=name,usage", "fields"],
    ] as const) {
      const response = await handler(httpApiEvent(`/images?${query}`));
      expect(response.statusCode).toBe(400);
      expect(json(response).issues).toEqual([
        { param, message: expect.stringContaining("NHN_USAGE is not true") },
      ]);
    }
  });

  it("checks inUse's values whatever the deployment", async () => {
    const { handler } = handlerFor(sim, "v2", USAGE);
    const response = await handler(httpApiEvent("/images?inUse=maybe"));
    expect(response.statusCode).toBe(400);
    expect(json(response).issues).toEqual([
      { param: "inUse", message: "must be true, false or unknown" },
    ]);
  });
});
