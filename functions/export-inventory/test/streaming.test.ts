import { compareCodePoints, compareIdThenRegion, type Image } from "@nhn-images/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { at, type Harness, PREFIX, startHarness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ images: 2600, seed: 23 });
});
afterAll(() => h.close());

const finished = () => h.logs.filter((l) => l.message === "Export finished").at(-1)?.extra;
const ids = async (date: string) =>
  (await h.ndjson<Image>(`${PREFIX}ndjson/images/dt=${date}/images.ndjson.gz`)).map((i) => i.id);

describe("the export over v2", () => {
  it("streams Glance's id-ordered pages straight into the objects", async () => {
    await h.handler({ apiVersion: "v2", now: at("2026-11-10T15:00:00Z") })({ date: "2026-11-10" });
    expect(finished()).toMatchObject({ mode: "streamed", images: h.sim.listable().length });
    await h.verifyManifest(await h.manifest("2026-11-10"));
    const written = await ids("2026-11-10");
    expect(written).toEqual([...written].sort(compareCodePoints));
  });

  it("falls back to sorting when Glance ignores sort_key, with the same result", async () => {
    h.sim.faults.add({ routes: ["v2-images"], fault: { kind: "ignore-sort" } });
    await h.handler({ apiVersion: "v2", now: at("2026-11-11T15:00:00Z") })({ date: "2026-11-11" });
    h.sim.faults.clear();
    expect(finished()).toMatchObject({ mode: "sorted", images: h.sim.listable().length });
    expect(h.logs.some((l) => l.message.startsWith("Upstream did not list by id"))).toBe(true);
    const manifest = await h.manifest("2026-11-11");
    await h.verifyManifest(manifest);
    expect(manifest.changes).toEqual({ added: 0, removed: 0, changed: 0 });
    expect(await ids("2026-11-11")).toEqual(await ids("2026-11-10"));
    expect(h.proxy.openUploads()).toEqual([]);
  });

  it("sorts over v1, which cannot list by id, and writes what v1 lists", async () => {
    await h.handler({ apiVersion: "v1", now: at("2026-11-12T15:00:00Z") })({ date: "2026-11-12" });
    expect(finished()).toMatchObject({ mode: "sorted" });
    await h.verifyManifest(await h.manifest("2026-11-12"));
    const written = await h.ndjson<Image>(`${PREFIX}ndjson/images/dt=2026-11-12/images.ndjson.gz`);
    expect(written).toEqual(h.sim.listable({ api: "v1" }).sort(compareIdThenRegion));
  });
});
