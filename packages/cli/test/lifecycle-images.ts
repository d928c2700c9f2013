import { dayOf } from "@nhn-images/core";
import { demoProjectImage, type SimulatorImage } from "@nhn-images/simulator";

/** Today (UTC): the CLI runs on the real clock, so the lifecycle tests' days count from it. */
export const TODAY = dayOf(Date.now());

/**
 * A maker of the demo project's images created `daysAgo` days before now, their ids numbered
 * after `prefix` (8 hex digits), so that two test files never share one.
 */
export function imagesCreatedAgo(prefix: string) {
  let sequence = 0;
  return (name: string, daysAgo: number, changes: Partial<SimulatorImage> = {}): SimulatorImage => {
    sequence++;
    return demoProjectImage({
      id: `${prefix}-0000-4000-8000-${String(sequence).padStart(12, "0")}`,
      name,
      createdAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      ...changes,
    });
  };
}
