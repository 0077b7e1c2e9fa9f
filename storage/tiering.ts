/**
 * Tiering: what the partition logs share to place batches in memory and on disk, and the spill
 * policy that moves the oldest batches out of memory.
 *
 * Memory is the SegmentArena over the pool. The WAL is either the durable log (durability async or
 * sync: every batch is appended to it at produce time, and memory holds a copy for fast reads) or
 * a spill area (durability memory: batches are written to it only when they leave memory).
 *
 * Spill: once the pool passes the high-water mark, a background step (scheduled, never on the
 * produce call itself) takes batches from the ArrivalQueue, oldest first across all partitions,
 * writes those without a WAL copy, flushes the WAL, and only then drops the memory copies, so a
 * batch is always readable from one tier or the other. It runs until usage is a little below the
 * mark, a bounded amount per step so produce and fetch get the event loop in between. When memory
 * is full before the step ran, a produce in memory mode spills synchronously just enough to fit
 * (`makeRoom`); in the durable modes the batch is simply kept on disk only.
 */
import assert from "node:assert/strict";
import { ArrivalQueue } from "./arrival_queue.ts";
import type { PartitionLog } from "./partition_log.ts";
import { SegmentArena } from "./segment_arena.ts";
import type { SegmentPool } from "./segment_pool.ts";
import { DiskFullError, type Wal } from "./wal/wal.ts";

export type Durability = "memory" | "async" | "sync";

/** Bytes one background spill step moves at most before yielding (a few ms of writes here). */
const SPILL_STEP_BYTES = 8 * 1024 * 1024;
/** A spill that keeps failing (disk full) is reported at most this often. */
const SPILL_ERROR_REPORT_INTERVAL_MS = 10_000;

export interface TieringOptions {
  pool: SegmentPool;
  /** The WAL (durable modes) or spill area (memory mode); null: no disk tier, memory full refuses. */
  wal: Wal | null;
  durable: boolean;
  /** Pool usage above which spill starts. */
  highWaterBytes: number;
  /** Runs a spill step soon, off the current call; setTimeout(fn, 0) unless given. */
  schedule?: (fn: () => void) => void;
  /** Reports a spill that could not write (disk full); the broker logs it. */
  onSpillError?: (err: Error) => void;
}

export class Tiering {
  readonly pool: SegmentPool;
  readonly arena: SegmentArena;
  wal: Wal | null;
  readonly durable: boolean;
  readonly highWaterBytes: number;
  /** Spill stops once usage is at or below this. */
  readonly lowWaterBytes: number;
  readonly arrivals = new ArrivalQueue();
  /** Batches held in memory, over all partitions. */
  memoryBatches = 0;
  spilledBatchesTotal = 0;
  spilledBytesTotal = 0;
  spillStepsTotal = 0;
  lastSpillAtMs = 0;
  spillFailuresTotal = 0;

  private readonly logs: (PartitionLog | undefined)[] = [];
  private readonly freeLogIds: number[] = [];
  private readonly schedule: (fn: () => void) => void;
  private readonly onSpillError: (err: Error) => void;
  private spillScheduled = false;
  private lastSpillErrorReportMs = -Infinity;
  private closed = false;
  private readonly pendingLogIds: number[] = [];
  private readonly pendingBaseOffsets: number[] = [];

  constructor(opts: TieringOptions) {
    assert(
      opts.highWaterBytes > 0 && opts.highWaterBytes <= opts.pool.limitBytes,
      "the high-water mark must be within the pool",
    );
    this.pool = opts.pool;
    this.arena = new SegmentArena(opts.pool);
    this.wal = opts.wal;
    this.durable = opts.durable;
    this.highWaterBytes = opts.highWaterBytes;
    const slackBytes = Math.max(opts.pool.segmentSizeBytes, Math.floor(opts.pool.limitBytes / 20));
    this.lowWaterBytes = Math.max(0, opts.highWaterBytes - slackBytes);
    this.schedule = opts.schedule ?? ((fn) => setTimeout(fn, 0));
    this.onSpillError = opts.onSpillError ?? (() => {});
  }

  /** Recovery: the durable WAL, opened once the scan has decided which files to keep. */
  attachWal(wal: Wal): void {
    assert(this.wal === null, "the tiering has a WAL already");
    this.wal = wal;
  }

  /** Gives a log its id, used in the arrival queue. */
  register(log: PartitionLog): number {
    const id = this.freeLogIds.pop() ?? this.logs.length;
    this.logs[id] = log;
    return id;
  }

  unregister(logId: number): void {
    assert(this.logs[logId] !== undefined, `unregister of unknown log ${logId}`);
    this.logs[logId] = undefined;
    this.freeLogIds.push(logId);
    // Its queued entries are dead; dropping them now keeps a reused id from matching them.
    this.arrivals.compact((id, baseOffset) => this.logs[id]?.inMemory(baseOffset) === true);
  }

  /** A batch was placed in memory: queue it for spill and start spilling past the mark. */
  placed(logId: number, baseOffset: number): void {
    this.memoryBatches++;
    this.arrivals.push(logId, baseOffset);
    if (this.arrivals.length > 2 * this.memoryBatches + 1024) {
      this.arrivals.compact((id, base) => this.logs[id]?.inMemory(base) === true);
    }
    if (this.pool.usedBytes > this.highWaterBytes) this.scheduleSpill();
  }

  /**
   * Memory mode, pool full: spills synchronously until `sizeBytes` more could be placed. Returns
   * false when nothing could be moved (no disk tier, disk full, or nothing in memory).
   */
  makeRoom(sizeBytes: number): boolean {
    if (this.wal === null) return false;
    const targetBytes = Math.max(
      0,
      this.pool.limitBytes - Math.max(sizeBytes, this.pool.segmentSizeBytes) -
        this.pool.segmentSizeBytes,
    );
    return this.spill(targetBytes, Infinity) > 0;
  }

  /** Stops scheduling spill steps (shutdown). */
  close(): void {
    this.closed = true;
  }

  /** Spill state for the console and metrics. */
  get spilling(): boolean {
    return this.spillScheduled;
  }

  private scheduleSpill(): void {
    if (this.spillScheduled || this.closed || this.wal === null) return;
    this.spillScheduled = true;
    this.schedule(() => {
      this.spillScheduled = false;
      if (this.closed) return;
      const movedBytes = this.spill(this.lowWaterBytes, SPILL_STEP_BYTES);
      if (movedBytes > 0 && this.pool.usedBytes > this.lowWaterBytes) this.scheduleSpill();
    });
  }

  /**
   * Moves the oldest batches out of memory until usage would be at most `targetBytes` (counted in
   * the segments their release frees) or `budgetBytes` were moved. Returns the bytes moved.
   */
  private spill(targetBytes: number, budgetBytes: number): number {
    const wal = this.wal!;
    const logIds = this.pendingLogIds;
    const baseOffsets = this.pendingBaseOffsets;
    let movedBytes = 0;
    let freesBytes = 0;
    try {
      while (this.pool.usedBytes - freesBytes > targetBytes && movedBytes < budgetBytes) {
        const logId = this.arrivals.peekLogId();
        if (logId === -1) break;
        const baseOffset = this.arrivals.peekBaseOffset;
        const log = this.logs[logId];
        const sizeBytes = log?.prepareSpill(baseOffset) ?? -1;
        this.arrivals.shift();
        if (sizeBytes < 0) continue;
        logIds.push(logId);
        baseOffsets.push(baseOffset);
        movedBytes += sizeBytes;
        freesBytes += log!.spillFreesBytes;
      }
      wal.flush();
    } catch (err) {
      if (!(err instanceof DiskFullError)) throw err;
      // What was prepared stays in memory and goes back in the queue for a later step.
      for (let i = 0; i < logIds.length; i++) this.arrivals.push(logIds[i], baseOffsets[i]);
      logIds.length = baseOffsets.length = 0;
      this.spillFailuresTotal++;
      // Reported once per interval: a full disk fails every produce's spill attempt.
      const nowMs = performance.now();
      if (nowMs - this.lastSpillErrorReportMs >= SPILL_ERROR_REPORT_INTERVAL_MS) {
        this.lastSpillErrorReportMs = nowMs;
        this.onSpillError(err);
      }
      return 0;
    } finally {
      this.arena.endLeaving();
    }
    for (let i = 0; i < logIds.length; i++) this.logs[logIds[i]]!.dropMemoryCopy(baseOffsets[i]);
    if (logIds.length > 0) {
      this.spilledBatchesTotal += logIds.length;
      this.spilledBytesTotal += movedBytes;
      this.spillStepsTotal++;
      this.lastSpillAtMs = Date.now();
    }
    logIds.length = baseOffsets.length = 0;
    return movedBytes;
  }
}
