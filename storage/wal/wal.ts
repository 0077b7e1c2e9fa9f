/**
 * Wal: a directory of append-only segment files holding record batches (see entry.ts).
 *
 * Appends go into one write buffer and reach the active segment file in large sequential writes
 * (`flush`), when the buffer fills, when a segment rotates, before a read of unflushed bytes, and
 * whenever the owner asks (spill steps, the durability timer, a sync produce). A location is a
 * segment sequence number and a byte position; after an append it is left in `lastSegment` and
 * `lastPositionBytes` (no object per append).
 *
 * Each segment counts the live batches that point into it; when the count drops to zero and the
 * segment is not the one being written, its file is deleted. `diskBytes` is the size of all
 * segment files plus buffered bytes, checked against `maxDiskBytes` before every append.
 *
 * All I/O is synchronous: a write or read of a few MiB into or out of the page cache takes well
 * under a millisecond, which keeps the produce and fetch paths free of promise hops; only the
 * fsync (`syncData`) is asynchronous, because a disk flush takes milliseconds.
 */
import assert from "node:assert/strict";
import {
  batchPrefixBytes,
  encodeRewriteMarker,
  ENTRY_HEADER_BYTES,
  EntryKind,
  sealBatchEntry,
  writeBatchEntryPrefix,
} from "./entry.ts";

const SEGMENT_NAME = /^(\d{20})\.wal$/;
const WRITE_BUFFER_BYTES = 1024 * 1024;
/** Open read handles kept at most (one per segment file read from). */
const MAX_READ_HANDLES = 64;

/** An append that would pass `max_disk`, or a write the disk refused. Nothing was appended. */
export class DiskFullError extends Error {
  override name = "DiskFullError";
}

export interface WalOptions {
  dir: string;
  segmentSizeBytes: number;
  maxDiskBytes: number;
  /**
   * Whether syncData covers every file written since the last sync (durability async/sync): a
   * file rotated out stays open until the next sync has made its tail durable. Without it
   * (the spill area) a rotated file is closed at once and nothing is ever fsynced.
   */
  durable?: boolean;
}

interface SegmentFile {
  seq: number;
  path: string;
  /** Bytes in the file (flushed). */
  fileBytes: number;
  liveBatches: number;
}

export function segmentFileName(seq: number): string {
  return `${String(seq).padStart(20, "0")}.wal`;
}

/** Sequence numbers of the segment files in `dir`, ascending. */
export function listSegments(dir: string): number[] {
  const seqs: number[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const match = entry.isFile ? SEGMENT_NAME.exec(entry.name) : null;
    if (match) seqs.push(Number(match[1]));
  }
  return seqs.sort((a, b) => a - b);
}

export class Wal {
  readonly dir: string;
  readonly segmentSizeBytes: number;
  readonly maxDiskBytes: number;
  /** Location of the last append. */
  lastSegment = -1;
  lastPositionBytes = 0;
  /** Counters for metrics. */
  readBytesTotal = 0;
  readsTotal = 0;
  writtenBytesTotal = 0;
  segmentsDeletedTotal = 0;

  private readonly segments = new Map<number, SegmentFile>();
  private active: SegmentFile | null = null;
  private writer: Deno.FsFile | null = null;
  /** Durable mode: files rotated out whose tail is not yet fsynced. */
  private unsynced: Deno.FsFile[] = [];
  private readonly durable: boolean;
  private readonly buffer = new Uint8Array(WRITE_BUFFER_BYTES);
  private bufferedBytes = 0;
  private flushedDiskBytes = 0;
  private readonly readers = new Map<number, Deno.FsFile>();
  /** Bytes read ahead by `prefetch`, by "segment:position:length", while `withPrefetched` runs. */
  private prefetched: Map<string, Uint8Array> | null = null;
  private nextSeq: number;

  /**
   * Takes over `dir` (created if missing). `existing` are segments recovery found and keeps
   * (their live counts come from `adopt`); appends go to a new segment after them.
   */
  constructor(opts: WalOptions, existing: number[] = []) {
    assert(
      Number.isSafeInteger(opts.segmentSizeBytes) && opts.segmentSizeBytes > 0,
      "WAL segment size must be a positive integer",
    );
    this.dir = opts.dir;
    this.segmentSizeBytes = opts.segmentSizeBytes;
    this.maxDiskBytes = opts.maxDiskBytes;
    this.durable = opts.durable ?? false;
    Deno.mkdirSync(this.dir, { recursive: true });
    for (const seq of existing) {
      const path = this.pathOf(seq);
      const fileBytes = Deno.statSync(path).size;
      this.segments.set(seq, { seq, path, fileBytes, liveBatches: 0 });
      this.flushedDiskBytes += fileBytes;
    }
    this.nextSeq = existing.length > 0 ? existing[existing.length - 1] + 1 : 0;
  }

  /** Bytes of all segment files plus what is buffered for the active one. */
  get diskBytes(): number {
    return this.flushedDiskBytes + this.bufferedBytes;
  }

  get segmentCount(): number {
    return this.segments.size;
  }

  /** Live batches per segment, oldest first (for the console's tier view). */
  segmentStats(): { seq: number; sizeBytes: number; liveBatches: number }[] {
    return [...this.segments.values()].map((s) => ({
      seq: s.seq,
      sizeBytes: s.fileBytes + (s === this.active ? this.bufferedBytes : 0),
      liveBatches: s.liveBatches,
    }));
  }

  /**
   * Appends one BATCH entry and counts it live in its segment; its location is left in
   * lastSegment / lastPositionBytes (the position of the batch bytes, not of the entry).
   * Throws DiskFullError, appending nothing, past max_disk or when the disk refuses a write.
   */
  appendBatch(
    topicIdBytes: Uint8Array,
    partition: number,
    appendTimeMs: number,
    batch: Uint8Array,
  ): void {
    const prefixBytes = ENTRY_HEADER_BYTES + batchPrefixBytes(topicIdBytes);
    const entryBytes = prefixBytes + batch.length;
    this.reserve(entryBytes);
    const segment = this.active!;
    const entryAt = segment.fileBytes + this.bufferedBytes;
    if (entryBytes <= this.buffer.length) {
      if (this.bufferedBytes + entryBytes > this.buffer.length) this.flush();
      const at = this.bufferedBytes;
      const batchAt = writeBatchEntryPrefix(
        this.buffer,
        at,
        topicIdBytes,
        partition,
        appendTimeMs,
        batch.length,
      );
      this.buffer.set(batch, batchAt);
      sealBatchEntry(this.buffer, at, batchAt);
      this.bufferedBytes += entryBytes;
    } else {
      // Larger than the buffer: write the prefix and the batch straight to the file.
      this.flush();
      const entry = new Uint8Array(prefixBytes + 21);
      const batchAt = writeBatchEntryPrefix(
        entry,
        0,
        topicIdBytes,
        partition,
        appendTimeMs,
        batch.length,
      );
      entry.set(batch.subarray(0, 21), batchAt);
      sealBatchEntry(entry, 0, batchAt);
      this.writeToFile([entry.subarray(0, prefixBytes), batch]);
    }
    segment.liveBatches++;
    this.lastSegment = segment.seq;
    this.lastPositionBytes = entryAt + prefixBytes;
  }

  /** Appends a rewrite marker (not a batch: it keeps no segment alive). */
  appendRewriteMarker(
    kind: typeof EntryKind.rewriteBegin | typeof EntryKind.rewriteEnd,
    topicIdBytes: Uint8Array,
    partition: number,
    endOffset: number,
  ): void {
    const entry = encodeRewriteMarker(kind, topicIdBytes, partition, endOffset);
    this.reserve(entry.length);
    if (this.bufferedBytes + entry.length > this.buffer.length) this.flush();
    this.buffer.set(entry, this.bufferedBytes);
    this.bufferedBytes += entry.length;
  }

  /** Recovery: a batch at (seq, position) is live again. */
  adopt(seq: number): void {
    const segment = this.segments.get(seq);
    assert(segment !== undefined, `adopt in unknown WAL segment ${seq}`);
    segment.liveBatches++;
  }

  /** One batch in segment `seq` is gone; the file is deleted once none remains. */
  release(seq: number): void {
    const segment = this.segments.get(seq);
    assert(segment !== undefined, `release in unknown WAL segment ${seq}`);
    assert(segment.liveBatches > 0, `release in WAL segment ${seq}, which holds no live batch`);
    if (--segment.liveBatches === 0 && segment !== this.active) this.deleteSegment(segment);
  }

  /** Deletes every segment that holds no live batch (after recovery), except the active one. */
  deleteDeadSegments(): void {
    for (const segment of [...this.segments.values()]) {
      if (segment.liveBatches === 0 && segment !== this.active) this.deleteSegment(segment);
    }
  }

  /** Writes buffered entries to the active file. Throws DiskFullError if the disk refuses. */
  flush(): void {
    if (this.bufferedBytes === 0) return;
    const pending = this.buffer.subarray(0, this.bufferedBytes);
    this.bufferedBytes = 0;
    try {
      this.writeToFile([pending]);
    } catch (err) {
      // Keep the entries buffered so nothing acknowledged is lost; a later flush retries.
      this.bufferedBytes = pending.length;
      throw err;
    }
  }

  /**
   * Flushes, then waits until everything written so far is on the disk: an fdatasync of the
   * active file and of every file rotated out since the last sync.
   */
  async syncData(): Promise<void> {
    this.flush();
    const rotated = this.unsynced;
    this.unsynced = [];
    try {
      await Promise.all([this.writer?.syncData(), ...rotated.map((file) => file.syncData())]);
    } finally {
      for (const file of rotated) file.close();
    }
  }

  /** syncData, synchronously (rare: compaction rewrites in durable modes). */
  syncDataNow(): void {
    this.flush();
    const rotated = this.unsynced;
    this.unsynced = [];
    try {
      for (const file of rotated) file.syncDataSync();
      this.writer?.syncDataSync();
    } finally {
      for (const file of rotated) file.close();
    }
  }

  /**
   * Reads `lengthBytes` at `positionBytes` of segment `seq` into a new buffer (or returns what
   * `prefetch` read ahead for exactly that range).
   */
  read(seq: number, positionBytes: number, lengthBytes: number): Uint8Array {
    const ahead = this.prefetched?.get(`${seq}:${positionBytes}:${lengthBytes}`);
    if (ahead !== undefined) return ahead;
    const segment = this.segments.get(seq);
    assert(segment !== undefined, `read from unknown WAL segment ${seq}`);
    if (segment === this.active && positionBytes + lengthBytes > segment.fileBytes) this.flush();
    assert(positionBytes + lengthBytes <= segment.fileBytes, "read past the end of a segment");
    const out = new Uint8Array(lengthBytes);
    const file = this.reader(segment);
    file.seekSync(positionBytes, Deno.SeekMode.Start);
    let done = 0;
    while (done < lengthBytes) {
      const n = file.readSync(out.subarray(done));
      assert(n !== null && n > 0, `WAL segment ${seq} ended early`);
      done += n;
    }
    this.readsTotal++;
    this.readBytesTotal += lengthBytes;
    return out;
  }

  /**
   * Reads the given ranges (triples: segment, position, length) with asynchronous file reads, so
   * a read that has to wait for the disk does not hold the event loop. A range whose file is gone
   * by then is left out (a synchronous read happens instead, if it is still wanted).
   */
  async prefetch(ranges: number[]): Promise<Map<string, Uint8Array>> {
    assert(ranges.length % 3 === 0, "prefetch takes (segment, position, length) triples");
    const out = new Map<string, Uint8Array>();
    const reads: Promise<void>[] = [];
    for (let i = 0; i < ranges.length; i += 3) {
      const [seq, positionBytes, lengthBytes] = [ranges[i], ranges[i + 1], ranges[i + 2]];
      const segment = this.segments.get(seq);
      if (segment === undefined) continue;
      if (segment === this.active && positionBytes + lengthBytes > segment.fileBytes) this.flush();
      reads.push((async () => {
        const bytes = new Uint8Array(lengthBytes);
        let file: Deno.FsFile;
        try {
          file = await Deno.open(segment.path, { read: true });
        } catch (err) {
          if (err instanceof Deno.errors.NotFound) return; // deleted meanwhile
          throw err;
        }
        try {
          await file.seek(positionBytes, Deno.SeekMode.Start);
          let done = 0;
          while (done < lengthBytes) {
            const n = await file.read(bytes.subarray(done));
            if (n === null || n === 0) return; // cut meanwhile: leave it to a synchronous read
            done += n;
          }
        } finally {
          file.close();
        }
        this.readsTotal++;
        this.readBytesTotal += lengthBytes;
        out.set(`${seq}:${positionBytes}:${lengthBytes}`, bytes);
      })());
    }
    await Promise.all(reads);
    return out;
  }

  /** Runs `fn` with `prefetched` answering reads of the ranges it holds. */
  withPrefetched<T>(prefetched: Map<string, Uint8Array>, fn: () => T): T {
    this.prefetched = prefetched;
    try {
      return fn();
    } finally {
      this.prefetched = null;
    }
  }

  /** Flushes and closes every file (shutdown). */
  close(): void {
    try {
      this.flush();
    } finally {
      this.writer?.close();
      this.writer = null;
      for (const file of this.unsynced) file.close();
      this.unsynced = [];
      for (const file of this.readers.values()) file.close();
      this.readers.clear();
    }
  }

  private pathOf(seq: number): string {
    return `${this.dir}/${segmentFileName(seq)}`;
  }

  /** Makes room for an entry: checks the disk budget and rotates the active segment if full. */
  private reserve(entryBytes: number): void {
    if (
      this.diskBytes + entryBytes > this.maxDiskBytes && this.active !== null &&
      this.active.liveBatches === 0
    ) {
      this.rotate(); // the active file holds nothing live: starting a new one deletes it
    }
    if (this.diskBytes + entryBytes > this.maxDiskBytes) {
      throw new DiskFullError(
        `WAL would pass max_disk: ${this.diskBytes} + ${entryBytes} > ${this.maxDiskBytes} bytes`,
      );
    }
    const active = this.active;
    if (
      active === null ||
      (active.fileBytes + this.bufferedBytes > 0 &&
        active.fileBytes + this.bufferedBytes + entryBytes > this.segmentSizeBytes)
    ) {
      this.rotate();
    }
  }

  private rotate(): void {
    this.flush();
    const previous = this.active;
    if (this.writer !== null) {
      if (this.durable) this.unsynced.push(this.writer);
      else this.writer.close();
    }
    const seq = this.nextSeq++;
    const path = this.pathOf(seq);
    this.writer = Deno.openSync(path, { write: true, create: true, truncate: true });
    this.active = { seq, path, fileBytes: 0, liveBatches: 0 };
    this.segments.set(seq, this.active);
    if (previous && previous.liveBatches === 0) this.deleteSegment(previous);
  }

  private writeToFile(parts: Uint8Array[]): void {
    const segment = this.active!;
    const writer = this.writer!;
    const startBytes = segment.fileBytes;
    try {
      for (const part of parts) {
        let done = 0;
        while (done < part.length) done += writer.writeSync(part.subarray(done));
        segment.fileBytes += part.length;
        this.flushedDiskBytes += part.length;
        this.writtenBytesTotal += part.length;
      }
    } catch (err) {
      // Cut a partial write away so the file ends on a whole entry.
      this.flushedDiskBytes -= segment.fileBytes - startBytes;
      segment.fileBytes = startBytes;
      try {
        writer.truncateSync(startBytes);
        writer.seekSync(startBytes, Deno.SeekMode.Start);
      } catch { /* the next recovery truncates a torn tail anyway */ }
      throw new DiskFullError(
        `writing WAL segment ${segment.path} failed: ${err instanceof Error ? err.message : err}`,
      );
    }
  }

  private reader(segment: SegmentFile): Deno.FsFile {
    let file = this.readers.get(segment.seq);
    if (file) return file;
    if (this.readers.size >= MAX_READ_HANDLES) {
      const [oldestSeq, oldest] = this.readers.entries().next().value!;
      oldest.close();
      this.readers.delete(oldestSeq);
    }
    file = Deno.openSync(segment.path, { read: true });
    this.readers.set(segment.seq, file);
    return file;
  }

  private deleteSegment(segment: SegmentFile): void {
    this.readers.get(segment.seq)?.close();
    this.readers.delete(segment.seq);
    this.segments.delete(segment.seq);
    this.flushedDiskBytes -= segment.fileBytes;
    this.segmentsDeletedTotal++;
    Deno.removeSync(segment.path);
  }
}
