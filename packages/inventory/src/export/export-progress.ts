/**
 * What a running export reports as it goes, for a progress bar (`nhn-images export`). Every
 * callback is optional and must return quickly: it is called on the export's own path.
 */
export interface ExportProgress {
  /** Once, before listing: the date, and the previous snapshot's image count when known (an ETA). */
  started?(info: {
    readonly snapshotDate: string;
    readonly previousSnapshotDate: string | null;
    readonly previousImages: number | null;
  }): void;
  /** Each upstream page listed, with the images it held. */
  page?(images: number): void;
  /** Bytes stored into the snapshot's objects (compressed, as uploaded). */
  stored?(bytes: number): void;
}
