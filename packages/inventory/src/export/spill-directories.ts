import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "nhn-images-sort-";
/** The spill directories this process is using now. */
const live = new Set<string>();

/**
 * A new directory for sorted runs, named after this process (`nhn-images-sort-<pid>-XXXXXX`), so
 * {@link removeStaleSpills} can tell whose it is.
 */
export async function newSpillDirectory(root = tmpdir()): Promise<string> {
  const directory = await mkdtemp(join(root, `${PREFIX}${process.pid}-`));
  live.add(directory);
  return directory;
}

export async function removeSpillDirectory(directory: string): Promise<void> {
  live.delete(directory);
  await rm(directory, { recursive: true, force: true });
}

/**
 * Removes the spill directories earlier runs left behind: a run killed by a time-out or out of
 * memory never reaches its clean-up, and Lambda keeps `/tmp` for the next invocation of the same
 * environment. A directory is stale when its process is gone, or when it is this process's (a
 * restarted runtime may get the same pid) but no sorter of it is using it. Another live
 * process's directories are left alone.
 */
export async function removeStaleSpills(root = tmpdir()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const directory = join(root, name);
    const pid = Number(/^nhn-images-sort-(\d+)-/.exec(name)?.[1] ?? Number.NaN);
    const stale = Number.isInteger(pid)
      ? pid === process.pid
        ? !live.has(directory)
        : !isAlive(pid)
      : true; // the first version's directories carried no pid
    if (!stale) continue;
    await rm(directory, { recursive: true, force: true });
    removed.push(directory);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
