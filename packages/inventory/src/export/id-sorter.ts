import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { join } from "node:path";
import { compareIdThenRegion, type Image, ndjsonLine } from "@nhn-images/core";
import { readLines } from "../reader/read-lines.ts";
import { newSpillDirectory, removeSpillDirectory } from "./spill-directories.ts";

/** An image with its NDJSON line (newline included), made once and reused for output. */
export interface SortedImage {
  readonly image: Image;
  readonly line: string;
}

/**
 * Sorts any number of images by (id, region) in bounded memory: up to `runSize` images are held at
 * once; beyond that, sorted runs spill to temporary NDJSON files and are merged back (k-way,
 * with a heap). An inventory that fits one run never touches the disk.
 */
export class ExternalIdSorter {
  #buffer: Image[] = [];
  #runs: string[] = [];
  #directory: string | null = null;

  constructor(readonly runSize = 25_000) {}

  async add(images: readonly Image[]): Promise<void> {
    for (const image of images) {
      this.#buffer.push(image);
      if (this.#buffer.length >= this.runSize) await this.#spill();
    }
  }

  /** Every image added, by id then region ascending (code point order), each once as added. */
  async *sorted(): AsyncGenerator<SortedImage> {
    if (this.#runs.length === 0) {
      const buffer = this.#buffer.sort(compareIdThenRegion);
      this.#buffer = [];
      for (const image of buffer) yield { image, line: ndjsonLine(image) };
      return;
    }
    if (this.#buffer.length > 0) await this.#spill();
    yield* mergeRuns(this.#runs);
  }

  /** Removes the temporary files. Safe to call more than once. */
  async dispose(): Promise<void> {
    this.#buffer = [];
    if (this.#directory !== null) await removeSpillDirectory(this.#directory);
    this.#directory = null;
  }

  async #spill(): Promise<void> {
    const run = this.#buffer.sort(compareIdThenRegion);
    this.#buffer = [];
    this.#directory ??= await newSpillDirectory();
    const path = join(this.#directory, `run-${this.#runs.length}.ndjson`);
    const out = createWriteStream(path);
    let chunk = "";
    for (const image of run) {
      chunk += ndjsonLine(image);
      if (chunk.length >= 256 * 1024) {
        if (!out.write(chunk)) await once(out, "drain");
        chunk = "";
      }
    }
    out.end(chunk);
    await once(out, "finish");
    this.#runs.push(path);
  }
}

interface RunHead {
  readonly entry: SortedImage;
  readonly lines: AsyncIterator<string>;
}

async function* mergeRuns(paths: readonly string[]): AsyncGenerator<SortedImage> {
  const heap: RunHead[] = [];
  const readers = paths.map((path) =>
    readLines(createReadStream(path, { highWaterMark: 64 * 1024 })),
  );
  try {
    for (const lines of readers) {
      const head = await nextEntry(lines);
      if (head !== null) push(heap, { entry: head, lines });
    }
    while (heap.length > 0) {
      const top = heap[0] as RunHead;
      yield top.entry;
      const next = await nextEntry(top.lines);
      if (next === null) {
        const last = heap.pop() as RunHead;
        if (heap.length > 0) {
          heap[0] = last;
          siftDown(heap, 0);
        }
      } else {
        heap[0] = { entry: next, lines: top.lines };
        siftDown(heap, 0);
      }
    }
  } finally {
    await Promise.all(readers.map((lines) => lines.return(undefined)));
  }
}

async function nextEntry(lines: AsyncIterator<string>): Promise<SortedImage | null> {
  const { value, done } = await lines.next();
  if (done === true) return null;
  return { image: JSON.parse(value) as Image, line: `${value}\n` };
}

const before = (a: RunHead, b: RunHead) => compareIdThenRegion(a.entry.image, b.entry.image) < 0;

function push(heap: RunHead[], item: RunHead): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i] as RunHead, heap[parent] as RunHead)) return;
    [heap[i], heap[parent]] = [heap[parent] as RunHead, heap[i] as RunHead];
    i = parent;
  }
}

function siftDown(heap: RunHead[], index: number): void {
  let i = index;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let smallest = i;
    if (left < heap.length && before(heap[left] as RunHead, heap[smallest] as RunHead))
      smallest = left;
    if (right < heap.length && before(heap[right] as RunHead, heap[smallest] as RunHead))
      smallest = right;
    if (smallest === i) return;
    [heap[i], heap[smallest]] = [heap[smallest] as RunHead, heap[i] as RunHead];
    i = smallest;
  }
}
