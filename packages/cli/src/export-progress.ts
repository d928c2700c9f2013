import type { ExportProgress } from "@nhn-images/inventory/export";
import cliProgress from "cli-progress";
import { humanBytes } from "./output/human.ts";

/** Progress shown while an export runs; `stop` ends it before the summary is printed. */
export interface ExportProgressView extends ExportProgress {
  stop(): void;
}

/**
 * A progress bar on a terminal (stderr): images listed against the previous snapshot's count,
 * with an ETA, when that count is known; otherwise the running counts. Pages and the bytes
 * stored so far ride along. `cli-progress` draws it (throttled redraws, ETA, cursor handling).
 */
export function exportProgressBar(stream: NodeJS.WriteStream): ExportProgressView {
  let bar: cliProgress.SingleBar | null = null;
  let pages = 0;
  let images = 0;
  let bytes = 0;
  let total = 0;
  const payload = () => ({ pages, bytes: humanBytes(bytes) });
  return {
    started({ snapshotDate, previousImages }) {
      total = previousImages ?? 0;
      const counts = "{value} images | {pages} pages | {bytes} stored";
      bar = new cliProgress.SingleBar(
        {
          stream,
          format:
            total > 0
              ? `${snapshotDate} {bar} {percentage}% | ${counts} | ETA {eta_formatted}`
              : `${snapshotDate} ${counts} | {duration_formatted}`,
          hideCursor: true,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, payload());
    },
    page(count) {
      pages++;
      images += count;
      // More images than last time: the bar grows rather than overflows.
      if (total > 0 && images > total) {
        total = images;
        bar?.setTotal(total);
      }
      bar?.update(images, payload());
    },
    stored(count) {
      bytes += count;
    },
    stop() {
      bar?.update(images, payload());
      bar?.stop();
    },
  };
}

/** Log lines instead of a bar when stderr is not a terminal: one at the start, then every `everyMs`. */
export function exportProgressLines(
  write: (line: string) => void,
  now: () => number,
  everyMs = 5_000,
): ExportProgressView {
  let pages = 0;
  let images = 0;
  let bytes = 0;
  let total: number | null = null;
  let last = now();
  const line = () =>
    `… ${images}${total === null ? "" : ` of about ${total}`} images listed, ${pages} pages, ${humanBytes(bytes)} stored`;
  return {
    started({ snapshotDate, previousSnapshotDate, previousImages }) {
      total = previousImages;
      write(
        `Exporting ${snapshotDate}${previousSnapshotDate === null ? " (the first snapshot)" : ` (previous snapshot ${previousSnapshotDate}${previousImages === null ? "" : `: ${previousImages} images`})`}`,
      );
    },
    page(count) {
      pages++;
      images += count;
      if (now() - last >= everyMs) {
        last = now();
        write(line());
      }
    },
    stored(count) {
      bytes += count;
    },
    stop() {
      if (pages > 0) write(line());
    },
  };
}
