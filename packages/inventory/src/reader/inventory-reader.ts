import type { S3Client } from "@aws-sdk/client-s3";
import { ConcurrencyLimit, dayOf, type Image } from "@nhn-images/core";
import type { ImageChange } from "../diff/image-change.ts";
import { SnapshotNotFoundError, SnapshotUnreadableError } from "../inventory-errors.ts";
import type { InventoryLayout } from "../layout/layout.ts";
import { type Snapshot, snapshotOf } from "../layout/snapshot.ts";
import {
  type ListedObject,
  listObjects,
  readObjectText,
  storeError,
} from "../store/store-objects.ts";
import type { SkippedSnapshot, SnapshotCatalogue } from "./snapshot-catalogue.ts";
import { readSnapshotRows, streamSnapshotRows } from "./snapshot-object-reader.ts";
import { changeDecoder, imageDecoder } from "./snapshot-rows.ts";
import { WeightedCache } from "./weighted-cache.ts";

export interface InventoryReaderOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  readonly layout: InventoryLayout;
  readonly now?: () => number;
  /** How long one listing of the manifests is reused; 0 lists on every call. */
  readonly listingTtlMs?: number;
  /** Images kept in memory over every cached snapshot (least recently used go first). */
  readonly maxCachedImages?: number;
  /** Change rows kept in memory over every cached snapshot. */
  readonly maxCachedChanges?: number;
}

/** Manifests read at once on a cold listing. */
const MANIFEST_READS = 16;

/** A listed manifest: its snapshot, or why it cannot be read (a call that needs it fails). */
type SnapshotEntry =
  | { readonly date: string; readonly snapshot: Snapshot }
  | { readonly date: string; readonly error: SnapshotUnreadableError };

/** A listed manifest; its version changes when a re-run of the date replaces it. */
interface ListedManifest extends ListedObject {
  readonly date: string;
}

/**
 * Reads the inventory the export writes: which snapshots exist (their manifests), and a
 * snapshot's images or changes from its NDJSON objects, each checked against its manifest.
 *
 * What it reads stays in the container. A manifest is kept per version (its ETag in the
 * listing: a re-run replaces it); the rows of an object are kept by the sha256 its manifest
 * names, so they are the bytes that manifest describes, read once. Only what a call needs is
 * read: the changes of a week are seven small objects, never the seven snapshots' images.
 */
export class InventoryReader {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #layout: InventoryLayout;
  readonly #now: () => number;
  readonly #listingTtlMs: number;
  readonly #maxCachedImages: number;
  readonly #manifests = new Map<string, { version: string; entry: SnapshotEntry }>();
  readonly #images: WeightedCache<readonly Image[]>;
  readonly #changes: WeightedCache<readonly ImageChange[]>;
  #listing: { at: number; entries: Promise<readonly SnapshotEntry[]> } | null = null;

  constructor(options: InventoryReaderOptions) {
    this.#s3 = options.s3;
    this.#bucket = options.bucket;
    this.#layout = options.layout;
    this.#now = options.now ?? Date.now;
    this.#listingTtlMs = options.listingTtlMs ?? 0;
    this.#maxCachedImages = options.maxCachedImages ?? 250_000;
    this.#images = new WeightedCache(this.#maxCachedImages, (rows) => rows.length);
    this.#changes = new WeightedCache(options.maxCachedChanges ?? 500_000, (rows) => rows.length);
  }

  /**
   * Every snapshot whose manifest can be read, newest first, and the manifests left out (each
   * with its reason): one unreadable manifest does not hide the others.
   */
  async catalogue(): Promise<SnapshotCatalogue> {
    const today = this.#today();
    const snapshots: Snapshot[] = [];
    const skipped: SkippedSnapshot[] = [];
    for (const entry of await this.#listedEntries()) {
      if (entry.date > today) {
        const reason = `is dated after today (${today}): no export writes such a date`;
        skipped.push({
          snapshotDate: entry.date,
          manifestKey: this.#layout.manifest(entry.date),
          reason,
        });
      } else if ("snapshot" in entry) {
        snapshots.push(entry.snapshot);
      } else {
        const { snapshotDate, key, reason } = entry.error;
        skipped.push({ snapshotDate, manifestKey: key, reason });
      }
    }
    return { snapshots, skipped };
  }

  /**
   * The snapshots dated from `since` to `until` (both inclusive), newest first.
   *
   * @throws {SnapshotUnreadableError} when the manifest of one of them cannot be read.
   */
  async snapshotsBetween(since: string, until: string): Promise<readonly Snapshot[]> {
    const entries = await this.#entries();
    return entries
      .filter((entry) => entry.date >= since && entry.date <= until)
      .map(snapshotOrThrow);
  }

  /**
   * The newest snapshot dated on or before `date` (`YYYY-MM-DD`).
   *
   * @throws {SnapshotNotFoundError} when there is none that old.
   * @throws {SnapshotUnreadableError} when that snapshot's manifest cannot be read.
   */
  async snapshotOnOrBefore(date: string): Promise<Snapshot> {
    const entries = await this.#entries();
    const found = entries.find((entry) => entry.date <= date);
    if (found !== undefined) return snapshotOrThrow(found);
    const oldest = entries.at(-1)?.date;
    throw new SnapshotNotFoundError(
      oldest === undefined
        ? "The inventory holds no snapshot yet"
        : `No snapshot is dated on or before ${date}: the oldest is of ${oldest}`,
    );
  }

  /** The newest snapshot. @throws {SnapshotNotFoundError} when there is none. */
  async newestSnapshot(): Promise<Snapshot> {
    const newest = (await this.#entries())[0];
    if (newest === undefined)
      throw new SnapshotNotFoundError("The inventory holds no snapshot yet");
    return snapshotOrThrow(newest);
  }

  /** A snapshot's images, in its (id, region) order. */
  images(snapshot: Snapshot): Promise<readonly Image[]> {
    const object = snapshot.imagesObject;
    return this.#images.get(object.sha256, () =>
      readSnapshotRows(
        this.#s3,
        this.#bucket,
        snapshot.snapshotDate,
        object,
        imageDecoder(snapshot),
      ),
    );
  }

  /**
   * Hands each image of a snapshot, in its (id, region) order, to `visit`. A snapshot the cache
   * can hold (`maxCachedImages`) is read once and kept; a larger one is streamed on every call
   * and never held: a million-image `asOf` runs in the memory of what its caller keeps. What was
   * handed over counts only once this resolves (the object is then known to be whole).
   */
  async eachImage(snapshot: Snapshot, visit: (image: Image) => void): Promise<void> {
    const object = snapshot.imagesObject;
    if (this.#images.has(object.sha256) || object.records <= this.#maxCachedImages) {
      for (const image of await this.images(snapshot)) visit(image);
      return;
    }
    await streamSnapshotRows(
      this.#s3,
      this.#bucket,
      snapshot.snapshotDate,
      object,
      imageDecoder(snapshot),
      visit,
    );
  }

  /** A snapshot's changes against its previous snapshot, in (id, region) order. */
  changes(snapshot: Snapshot): Promise<readonly ImageChange[]> {
    const object = snapshot.changesObject;
    return this.#changes.get(object.sha256, () =>
      readSnapshotRows(
        this.#s3,
        this.#bucket,
        snapshot.snapshotDate,
        object,
        changeDecoder(snapshot),
      ),
    );
  }

  /**
   * Drops what was read and listed (a re-run replaced a snapshot's objects under a warm
   * container's listing), then runs `read` again: how a caller answers a
   * {@link SnapshotUnreadableError} that may come from a stale listing, once, before it reports
   * the object as corrupt.
   */
  async readAgainIfStale<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof SnapshotUnreadableError)) throw error;
      this.#listing = null;
      this.#manifests.clear();
      return read();
    }
  }

  /** The listed manifests dated today or before, newest first (see {@link #listedEntries}). */
  async #entries(): Promise<readonly SnapshotEntry[]> {
    const today = this.#today();
    return (await this.#listedEntries()).filter((entry) => entry.date <= today);
  }

  #today(): string {
    return dayOf(this.#now());
  }

  /** The listed manifests, newest first; one listing is reused for `listingTtlMs`. */
  #listedEntries(): Promise<readonly SnapshotEntry[]> {
    const listing = this.#listing;
    if (listing !== null && this.#now() - listing.at < this.#listingTtlMs) return listing.entries;
    const entries = this.#readEntries();
    this.#listing = { at: this.#now(), entries };
    entries.catch(() => {
      if (this.#listing?.entries === entries) this.#listing = null;
    });
    return entries;
  }

  async #readEntries(): Promise<readonly SnapshotEntry[]> {
    const listed = await this.#listManifests();
    const reads = new ConcurrencyLimit(MANIFEST_READS);
    const entries = await Promise.all(
      listed.map((manifest) => reads.run(() => this.#entryOf(manifest))),
    );
    return entries
      .filter((entry): entry is SnapshotEntry => entry !== null)
      .sort((a, b) => (a.date < b.date ? 1 : -1));
  }

  /** A listed manifest read, or null when it went away since the listing. */
  async #entryOf(listed: ListedManifest): Promise<SnapshotEntry | null> {
    const cached = this.#manifests.get(listed.key);
    if (cached !== undefined && cached.version === listed.version) return cached.entry;
    let read: Awaited<ReturnType<typeof readObjectText>>;
    try {
      read = await readObjectText(this.#s3, this.#bucket, listed.key);
    } catch (error) {
      throw storeError("GetObject", listed.key, error);
    }
    // A failed re-run removes its date's manifest: that date has no snapshot any more.
    if (read === null) return null;
    let entry: SnapshotEntry;
    try {
      entry = {
        date: listed.date,
        snapshot: snapshotOf(this.#layout, listed.date, listed.key, parsed(read.text ?? "")),
      };
    } catch (error) {
      if (!(error instanceof SnapshotUnreadableError)) throw error;
      entry = { date: listed.date, error };
    }
    this.#manifests.set(listed.key, { version: listed.version, entry });
    return entry;
  }

  async #listManifests(): Promise<ListedManifest[]> {
    const prefix = this.#layout.manifestsPrefix;
    let objects: Awaited<ReturnType<typeof listObjects>>;
    try {
      objects = await listObjects(this.#s3, this.#bucket, prefix);
    } catch (error) {
      throw storeError("ListObjectsV2", prefix, error);
    }
    const listed: ListedManifest[] = [];
    for (const { key, version } of objects) {
      const date = this.#layout.dateOfManifestKey(key);
      if (date !== null) listed.push({ date, key, version });
    }
    return listed;
  }
}

function snapshotOrThrow(entry: SnapshotEntry): Snapshot {
  if ("error" in entry) throw entry.error;
  return entry.snapshot;
}

/** The manifest's JSON, or null when it is not JSON (then it is no manifest: unreadable). */
function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
