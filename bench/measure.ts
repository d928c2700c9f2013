import { performance } from "node:perf_hooks";

export interface Comparison {
  /** Median ms of the measured case. */
  readonly measured: number;
  /** Median ms of its baseline, timed in the same run. */
  readonly baseline: number;
  readonly ratio: number;
}

/**
 * Times `measured` and `baseline` alternately, round after round, so drift on a shared,
 * noisy machine hits both alike; returns the medians and their ratio.
 */
export async function compare(
  measured: () => unknown,
  baseline: () => unknown,
  { rounds = 15, warmup = 3, inner = 1 }: { rounds?: number; warmup?: number; inner?: number } = {},
): Promise<Comparison> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < warmup + rounds; i++) {
    const [first, second, firstSamples, secondSamples] =
      i % 2 === 0 ? [measured, baseline, a, b] : [baseline, measured, b, a];
    // Short cases run `inner` times a sample, so timer resolution does not dominate.
    const t0 = performance.now();
    for (let k = 0; k < inner; k++) await first();
    const t1 = performance.now();
    for (let k = 0; k < inner; k++) await second();
    const t2 = performance.now();
    if (i >= warmup) {
      firstSamples.push((t1 - t0) / inner);
      secondSamples.push((t2 - t1) / inner);
    }
  }
  const m = median(a);
  const base = median(b);
  return { measured: m, baseline: base, ratio: m / base };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
