import type { S3Client } from "@aws-sdk/client-s3";
import type { CoreLogger, Image } from "@nhn-images/core";
import { type DiffedChange, StreamDiff } from "../diff/stream-diff.ts";
import { Manifest, type ObjectSummary } from "../layout/manifest.ts";
import { ExportBusyError } from "./export-busy.ts";
import { retractLatest, settleLatest } from "./latest-pointer.ts";
import type { ObjectWriterOptions } from "./objects/object-upload.ts";
import { openChangeWriters, writeChangeRow } from "./objects/snapshot-writers.ts";
import { previousImages } from "./previous-snapshot.ts";
import { acquireRunLock } from "./run-lock.ts";
import type { SnapshotStore } from "./snapshot-store.ts";

/** What a re-diff needs besides the store. */
export interface RediffDependencies {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly runId: string;
  readonly logger: CoreLogger;
  readonly now: () => number;
  readonly lockExpiresAt: number;
  readonly writerOptions?: ObjectWriterOptions | undefined;
}

const CHANGE_OBJECTS = ["changesParquet", "changesNdjson"] as const;

/**
 * Keeps every snapshot's changes its diff against the newest snapshot before it once the
 * snapshot of `date` is published before a later one (a backfill, a day exported between two
 * others, a re-run): the snapshot that follows it is diffed again against it. Its images stay;
 * its two change objects are written to staging keys, then published as a re-run publishes
 * (under the date's lock, `latest.json` moved off it, the old manifest removed, the staged
 * objects copied over, the new manifest written naming `date` as its previous snapshot), so every
 * manifest describes exactly its objects at every instant. No change event is sent for it: its
 * day's events went out when it was exported (README, "Change events").
 *
 * Nothing follows when no snapshot is dated after `date`; one written by the first version
 * (whose objects sit elsewhere) is left as it is, and logged.
 *
 * @throws {ExportBusyError} when a run of the following date holds its lock.
 */
export async function rediffFollowing(
  store: SnapshotStore,
  date: string,
  deps: RediffDependencies,
): Promise<void> {
  const next = (await store.snapshotDates()).filter((d) => d > date).sort()[0];
  if (next === undefined) return;
  let lock: Awaited<ReturnType<typeof acquireRunLock>>;
  try {
    lock = await acquireRunLock(store, next, deps.runId, deps.lockExpiresAt, deps.now);
  } catch (error) {
    if (!(error instanceof ExportBusyError)) throw error;
    throw new ExportBusyError(
      `The snapshot of ${date} is written, but the changes of ${next} could not be diffed again against it: a run of ${next} holds its lock. Run ${date} again once it is over`,
    );
  }
  try {
    const stored = Manifest.safeParse(await store.readManifest(next));
    if (!stored.success) {
      deps.logger.warn("The following snapshot is not of this schema version: not re-diffed", {
        snapshotDate: next,
      });
      return;
    }
    const manifest = stored.data;
    const staged = await writeChangesOf(store, date, next, deps);
    await retractLatest(store, next);
    await store.deleteManifest(next);
    for (const object of CHANGE_OBJECTS) {
      await store.copy(staged.keys[object], store.layout.object(object, next));
    }
    await store.writeManifest({
      ...manifest,
      previousSnapshotDate: date,
      changes: staged.changes,
      objects: manifest.objects.map((object) => staged.replacing(object)),
    });
    await settleLatest(store);
    for (const object of CHANGE_OBJECTS) await store.delete(staged.keys[object]).catch(() => {});
    deps.logger.info("Changes of the following snapshot re-diffed", {
      snapshotDate: next,
      previousSnapshotDate: date,
      was: manifest.previousSnapshotDate,
      ...staged.changes,
    });
  } finally {
    await lock.release();
  }
}

/** The changes of `next` against `date`, written to `next`'s staging keys for this run. */
async function writeChangesOf(
  store: SnapshotStore,
  date: string,
  next: string,
  deps: RediffDependencies,
) {
  const keys = {
    changesParquet: store.layout.staged("changesParquet", next, deps.runId),
    changesNdjson: store.layout.staged("changesNdjson", next, deps.runId),
  };
  const writers = openChangeWriters(deps.s3, deps.bucket, keys, deps.writerOptions);
  const changes = { added: 0, removed: 0, changed: 0 };
  const diff = new StreamDiff(previousImages(store, date, await store.readManifest(date)));
  try {
    const write = async ({ change }: DiffedChange) => {
      changes[change.change]++;
      await writeChangeRow(writers, change);
    };
    for await (const image of store.images(store.layout.object("imagesNdjson", next))) {
      for (const changed of await diff.changesAt(image as Image)) await write(changed);
    }
    for (const changed of await diff.rest()) await write(changed);
    const [changesParquet, changesNdjson] = await Promise.all([
      writers.changesParquet.close(),
      writers.changesNdjson.close(),
    ]);
    const written = { changesParquet, changesNdjson };
    return {
      keys,
      changes,
      /** A manifest entry of `next`, its change objects' replaced by the new ones. */
      replacing(object: ObjectSummary): ObjectSummary {
        const name = CHANGE_OBJECTS.find((kind) => object.key === store.layout.object(kind, next));
        return name === undefined ? object : { ...written[name], key: object.key };
      },
    };
  } catch (error) {
    await Promise.all([writers.changesParquet.abort(), writers.changesNdjson.abort()]);
    throw error;
  } finally {
    await diff.close();
  }
}
