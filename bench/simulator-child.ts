// A simulator in a process of its own, as upstream is: `node --import tsx bench/simulator-child.ts
// <releases>` serves one family of `releases` private images of the demo project in KR1 with no
// server running any of them, prints its URL on stdout, and runs until killed.
import { addDays } from "@nhn-images/core";
import { demoProjectImage, type SimulatorImage, startSimulator } from "@nhn-images/simulator";

/** `count` releases of one family (`bench-snap-YYYYMMDD`), one a day from 2023-01-01. */
export function benchFamily(count: number): SimulatorImage[] {
  return Array.from({ length: count }, (_, i) => {
    const day = addDays("2023-01-01", i);
    return demoProjectImage({
      id: `60000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      name: `bench-snap-${day.replaceAll("-", "")}`,
      createdAt: `${day}T00:00:00.000Z`,
    });
  });
}

if (process.argv[1]?.endsWith("simulator-child.ts")) {
  const sim = await startSimulator({ images: benchFamily(Number(process.argv[2])) });
  sim.setEstate("KR1", { servers: [], volumes: [], clusters: [] });
  process.stdout.write(`${sim.url}\n`);
}
