// What change events add to an export: the same re-run of a 10,000-image day (about 250
// changes against the day before) through the built bundle, with EVENT_BUS_NAME set (100
// change events and the summary, the default) and without, alternately in the same run. Events
// go to the local PutEvents endpoint, which checks each call's signature as EventBridge does.

import { startSimulator } from "@nhn-images/simulator";
import { runExportBundle, startEventBus, startS3 } from "@nhn-images/test-support";
import { compare } from "./measure.ts";

const AWS_KEY = { AWS_ACCESS_KEY_ID: "AKIABENCHEVENTS", AWS_SECRET_ACCESS_KEY: "bench-secret" };

export async function benchChangeEvents() {
  const sim = await startSimulator({ images: 10_000, seed: 2 });
  const s3 = await startS3("bench-events");
  const bus = await startEventBus({
    accessKeys: { [AWS_KEY.AWS_ACCESS_KEY_ID]: AWS_KEY.AWS_SECRET_ACCESS_KEY },
  });
  try {
    const env = { ...sim.env("v2"), ...s3.env(), ...AWS_KEY, INVENTORY_PREFIX: "nhn-images/" };
    await runExportBundle(env, { date: "2026-10-01" });
    sim.setDay(1);
    let published = 0;
    const withEvents = async () => {
      const run = await runExportBundle({ ...env, ...bus.env() }, { date: "2026-10-02" });
      published = run.events?.published ?? 0;
    };
    const without = () => runExportBundle(env, { date: "2026-10-02" });
    const result = await compare(withEvents, without, { rounds: 7, warmup: 1 });
    if (published !== 101) throw new Error(`expected 101 events, the export put ${published}`);
    return [
      {
        case: `export re-run of 10,000 images: with its ${published} change events vs without`,
        size: 10_000,
        ...result,
        target: "ratio ≤ 1.15",
        pass: result.ratio <= 1.15,
      },
    ];
  } finally {
    await bus.close();
    await s3.close();
    await sim.close();
  }
}
