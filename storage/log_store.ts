/**
 * LogStore: topics and their partition logs over one shared SegmentPool and, when a storage path
 * is given, a WAL on disk.
 *
 * The one storage object the rest of the program uses. On disk, under the storage path:
 *   spill/  durability memory: batches spilled from memory; emptied at every start
 *   wal/    durability async/sync: every batch, in append order (see wal/entry.ts)
 *   meta/   durability async/sync: topics, partition bounds, committed offsets (meta_journal.ts)
 * In the durable modes the constructor recovers: it loads the meta journal, replays the WAL (the
 * scan truncates a torn or corrupt tail) and rebuilds every partition's index pointing at the WAL.
 * Recovered batches stay on disk until read; nothing is copied into memory at boot.
 *
 * Timers: spill steps are scheduled by the tiering, and async mode fsyncs on an interval; the
 * caller runs enforceRetention periodically and calls close() at shutdown.
 */
import assert from "node:assert/strict";
import { DurabilitySync } from "./durability.ts";
import { MetaJournal } from "./meta_journal.ts";
import { PartitionLog } from "./partition_log.ts";
import { lockStorage } from "./storage_lock.ts";
import { SegmentPool } from "./segment_pool.ts";
import { type Durability, Tiering } from "./tiering.ts";
import { batchFacts, EntryKind } from "./wal/entry.ts";
import { type ScanReport, scanWal } from "./wal/recovery.ts";
import { listSegments, segmentFileName, Wal } from "./wal/wal.ts";

/** Topic-level configs as Kafka names them, e.g. {"retention.ms": "60000"}. */
export interface TopicConfig {
  [key: string]: string;
}

export interface Topic {
  name: string;
  /** Topic id given by the caller (Kafka's topic UUID in whatever form the caller keeps). */
  id: string;
  partitions: PartitionLog[];
  configs: TopicConfig;
  createdAtMs: number;
}

export interface LogStoreOptions {
  maxMemoryBytes: number;
  segmentSizeBytes: number;
  /** Default time retention; -1 = forever. */
  retentionMs: number;
  /** memory (default), async or sync. */
  durability?: Durability;
  /** Directory for spill, WAL and meta; null: no disk tier (memory full refuses produces). */
  storagePath?: string | null;
  walSegmentSizeBytes?: number;
  maxDiskBytes?: number;
  /** Pool usage (percent of max memory) above which spill starts; default 80. */
  highWaterPercent?: number;
  /** async mode: how often the WAL is fsynced. */
  syncIntervalMs?: number;
  /** Where recovery, spill and fsync problems are reported. */
  report?: (level: "info" | "warn" | "error", message: string, fields: object) => void;
}

/** A batch of an idempotent producer found by recovery (the last few per producer and partition). */
export interface RecoveredProducerBatch {
  producerId: number;
  producerEpoch: number;
  topic: string;
  partition: number;
  baseSequence: number;
  recordCount: number;
  baseOffset: number;
}

/** Batches remembered per producer and partition, as the broker's duplicate check keeps (Kafka: 5). */
const RECOVERED_PRODUCER_BATCHES = 5;

export interface RecoveryReport {
  durationMs: number;
  topics: number;
  batches: number;
  walBytes: number;
  wal: ScanReport;
  metaJournalEntries: number;
  metaTruncated: { droppedBytes: number; reason: string } | null;
  /** So a producer retrying a batch acknowledged before the restart is not stored twice. */
  producerBatches: RecoveredProducerBatch[];
}

export interface PartitionStats {
  index: number;
  logStartOffset: number;
  nextOffset: number;
  sizeBytes: number;
  batchCount: number;
  /** Batches and bytes held only on disk. */
  spilledBatches: number;
  spilledBytes: number;
}

export interface LogStoreStats {
  usedBytes: number;
  limitBytes: number;
  freeSegments: number;
  segmentSizeBytes: number;
  topics: { name: string; partitions: PartitionStats[] }[];
}

/** The disk tier's figures, for the console and metrics. */
export interface DiskTierStats {
  durability: Durability;
  /** Null when the store has no disk tier. */
  path: string | null;
  highWaterBytes: number;
  diskBytes: number;
  maxDiskBytes: number;
  walSegments: { seq: number; sizeBytes: number; liveBatches: number }[];
  walSegmentSizeBytes: number;
  spilling: boolean;
  spilledBatchesTotal: number;
  spilledBytesTotal: number;
  spillStepsTotal: number;
  /** Spill attempts that could not write (disk full or over max_disk). */
  spillFailuresTotal: number;
  lastSpillAtMs: number;
  walReadsTotal: number;
  walReadBytesTotal: number;
  walWrittenBytesTotal: number;
  walSegmentsDeletedTotal: number;
  fsyncsTotal: number;
  lastFsyncDurationMs: number;
  recovery: RecoveryReport | null;
}

const RETENTION_MS_CONFIG = "retention.ms";

const DEFAULT_WAL_SEGMENT_BYTES = 64 * 1024 * 1024;
const DEFAULT_HIGH_WATER_PERCENT = 80;
const DEFAULT_SYNC_INTERVAL_MS = 100;

export class LogStore {
  readonly pool: SegmentPool;
  readonly tiering: Tiering;
  readonly durability: Durability;
  readonly storagePath: string | null;
  /** The durable control plane (async/sync modes), else null. */
  readonly meta: MetaJournal | null = null;
  readonly recovery: RecoveryReport | null = null;
  private readonly sync: DurabilitySync | null = null;
  private readonly defaultRetentionMs: number;
  private readonly unlock: () => void = () => {};
  private readonly byName = new Map<string, Topic>();
  private readonly byId = new Map<string, Topic>();

  constructor(opts: LogStoreOptions) {
    assertRetentionMs(opts.retentionMs, "default retentionMs");
    const report = opts.report ?? (() => {});
    this.pool = new SegmentPool(opts);
    this.defaultRetentionMs = opts.retentionMs;
    this.durability = opts.durability ?? "memory";
    this.storagePath = opts.storagePath ?? null;
    const durable = this.durability !== "memory";
    assert(!durable || this.storagePath !== null, "durable modes need a storage path");
    const highWaterPercent = opts.highWaterPercent ?? DEFAULT_HIGH_WATER_PERCENT;
    assert(highWaterPercent > 0 && highWaterPercent <= 100, "high-water percent in 1..100");
    const walOptions = {
      segmentSizeBytes: opts.walSegmentSizeBytes ?? DEFAULT_WAL_SEGMENT_BYTES,
      maxDiskBytes: opts.maxDiskBytes ?? Number.MAX_SAFE_INTEGER,
    };
    if (this.storagePath !== null) this.unlock = lockStorage(this.storagePath);
    try {
      // The durable WAL is attached by recovery, once the scan has decided which files to keep.
      const spillArea = this.storagePath !== null && !durable
        ? emptySpillArea(`${this.storagePath}/spill`, walOptions)
        : null;
      this.tiering = new Tiering({
        pool: this.pool,
        wal: spillArea,
        durable,
        highWaterBytes: Math.max(
          this.pool.segmentSizeBytes,
          Math.floor(this.pool.limitBytes * highWaterPercent / 100),
        ),
        onSpillError: (err) => report("error", "spill failed", { error: err.message }),
      });
      if (durable) {
        const meta = new MetaJournal(`${this.storagePath}/meta`);
        this.meta = meta;
        const recovery = this.recover(meta, walOptions);
        this.recovery = recovery;
        this.sync = new DurabilitySync(
          this.tiering.wal!,
          meta,
          (err) => report("error", "fsync failed", { error: String(err) }),
        );
        if (this.durability === "async") {
          this.sync.startInterval(opts.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS);
        }
        report(recovery.wal.truncated ? "warn" : "info", "storage recovered", {
          durationMs: Math.round(recovery.durationMs),
          topics: recovery.topics,
          batches: recovery.batches,
          walBytes: recovery.walBytes,
          ...(recovery.wal.truncated
            ? {
              truncatedSegment: recovery.wal.truncated.segment,
              truncatedAtBytes: recovery.wal.truncated.positionBytes,
              droppedBytes: recovery.wal.truncated.droppedBytes,
              reason: recovery.wal.truncated.reason,
            }
            : {}),
          ...(recovery.metaTruncated
            ? { metaDroppedBytes: recovery.metaTruncated.droppedBytes }
            : {}),
        });
      }
    } catch (err) {
      this.unlock();
      throw err;
    }
  }

  /**
   * Durable start-up: topics and bounds from the meta journal, then every WAL entry in order.
   * A rewrite's batches count only once its REWRITE_END is read.
   */
  private recover(
    meta: MetaJournal,
    walOptions: { segmentSizeBytes: number; maxDiskBytes: number },
  ): RecoveryReport {
    const startedMs = performance.now();
    for (const durable of meta.state.topics.values()) {
      const topic = this.createTopicUnrecorded(
        durable.name,
        durable.id,
        durable.partitionCount,
        durable.configs,
        durable.createdAtMs,
      );
      topic.partitions.forEach((log, i) => {
        const bounds = durable.bounds[i] ?? { start: 0, end: 0 };
        log.recoverBounds(bounds.start, bounds.end);
      });
    }
    const walDir = `${this.storagePath}/wal`;
    Deno.mkdirSync(walDir, { recursive: true });
    const producerBatches = new Map<string, RecoveredProducerBatch[]>();
    /** Batches of an unfinished rewrite, per partition: facts of each, 7 numbers. */
    const rewrites = new Map<PartitionLog, { endOffset: number; batches: number[] }>();
    const scan = scanWal(walDir, 2 ** 31, (entry, segment, entryAtBytes) => {
      const log = this.byId.get(entry.topicId)?.partitions[entry.partition];
      if (log === undefined) return; // a deleted topic's batch
      if (entry.kind === EntryKind.rewriteBegin) {
        rewrites.set(log, { endOffset: entry.endOffset, batches: [] });
        return;
      }
      if (entry.kind === EntryKind.rewriteEnd) {
        const rewrite = rewrites.get(log);
        rewrites.delete(log);
        if (!rewrite || rewrite.endOffset !== entry.endOffset) return;
        log.recoverRewrite(rewrite.endOffset);
        const b = rewrite.batches;
        for (let i = 0; i < b.length; i += 7) {
          log.recoverBatch(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6]);
        }
        return;
      }
      const batch = entry.batch!;
      const facts = batchFacts(batch);
      if (facts.producerId >= 0) {
        const key = `${facts.producerId}\u0000${log.topic}\u0000${log.partition}`;
        let recent = producerBatches.get(key);
        if (!recent) producerBatches.set(key, recent = []);
        recent.push({
          producerId: facts.producerId,
          producerEpoch: facts.producerEpoch,
          topic: log.topic,
          partition: log.partition,
          baseSequence: facts.baseSequence,
          recordCount: facts.recordCount,
          baseOffset: facts.baseOffset,
        });
        if (recent.length > RECOVERED_PRODUCER_BATCHES) recent.shift();
      }
      const found = [
        facts.baseOffset,
        facts.lastOffsetDelta,
        facts.maxTimestampMs,
        entry.appendTimeMs,
        batch.length,
        segment,
        entryAtBytes + entry.batchAtBytes,
      ] as const;
      const rewrite = rewrites.get(log);
      if (rewrite) rewrite.batches.push(...found);
      else log.recoverBatch(...found);
    });
    const wal = new Wal({ dir: walDir, ...walOptions, durable: true }, scan.segments);
    this.tiering.attachWal(wal);
    let batches = 0;
    for (const topic of this.byName.values()) {
      for (const log of topic.partitions) {
        log.recoverFinish();
        batches += log.batchCount;
        log.forEachWalSegment((seq) => wal.adopt(seq));
      }
    }
    wal.deleteDeadSegments();
    return {
      durationMs: performance.now() - startedMs,
      topics: this.byName.size,
      batches,
      walBytes: scan.bytes,
      wal: scan,
      metaJournalEntries: meta.loadReport.journalEntries,
      metaTruncated: meta.loadReport.truncated,
      producerBatches: [...producerBatches.values()].flat(),
    };
  }

  /** Create a topic with partitions 0..partitionCount-1; throws if the name or id exists. */
  createTopic(
    name: string,
    id: string,
    partitionCount: number,
    configs: TopicConfig,
    nowMs: number,
  ): Topic {
    const topic = this.createTopicUnrecorded(name, id, partitionCount, configs, nowMs);
    this.meta?.record({
      t: "topic",
      topic: { name, id, partitionCount, configs, createdAtMs: nowMs },
    });
    return topic;
  }

  private createTopicUnrecorded(
    name: string,
    id: string,
    partitionCount: number,
    configs: TopicConfig,
    nowMs: number,
  ): Topic {
    assert(!this.byName.has(name), `topic ${name} already exists`);
    assert(!this.byId.has(id), `topic id ${id} already in use`);
    assert(
      Number.isInteger(partitionCount) && partitionCount >= 1,
      `partitionCount must be a positive integer, got ${partitionCount}`,
    );
    const topic: Topic = { name, id, partitions: [], configs, createdAtMs: nowMs };
    this.retentionMsOf(topic); // asserts a malformed retention.ms before anything is created
    for (let i = 0; i < partitionCount; i++) topic.partitions.push(this.newLog(topic, i));
    this.byName.set(name, topic);
    this.byId.set(id, topic);
    return topic;
  }

  private newLog(topic: Topic, partition: number): PartitionLog {
    const log = new PartitionLog(this.tiering, topic.name, partition, topic.id);
    const meta = this.meta;
    if (meta) {
      log.onBoundsMoved = (start, end) =>
        meta.record({ t: "bounds", id: topic.id, partition, start, end });
    }
    return log;
  }

  /** Delete a topic and return its memory and disk to the tiers; false when no such topic. */
  deleteTopic(name: string): boolean {
    const topic = this.byName.get(name);
    if (topic === undefined) return false;
    // Recorded first: once it is, recovery ignores the topic's batches, so its files may go.
    this.meta?.record({ t: "topicDeleted", id: topic.id });
    for (const partition of topic.partitions) partition.clear();
    this.byName.delete(name);
    this.byId.delete(topic.id);
    return true;
  }

  /** CreatePartitions: grow a topic to newTotal partitions. */
  addPartitions(name: string, newTotal: number): void {
    const topic = this.byName.get(name);
    assert(topic !== undefined, `addPartitions on unknown topic ${name}`);
    assert(
      Number.isInteger(newTotal) && newTotal > topic.partitions.length,
      `newTotal ${newTotal} must exceed the current ${topic.partitions.length} partitions`,
    );
    for (let i = topic.partitions.length; i < newTotal; i++) {
      topic.partitions.push(this.newLog(topic, i));
    }
    this.meta?.record({ t: "partitions", id: topic.id, count: newTotal });
  }

  /**
   * sync mode: resolves once everything stored before the call is fsynced (group commit);
   * null in the other modes, where an acknowledgement does not wait for the disk.
   */
  whenDurable(): Promise<void> | null {
    return this.durability === "sync" ? this.sync!.whenDurable() : null;
  }

  /** Flushes, fsyncs (durable modes) and closes the disk tier (shutdown). */
  async close(): Promise<void> {
    this.tiering.close();
    if (this.sync) {
      this.sync.stop();
      await this.sync.idle();
      await this.sync.whenDurable(); // a clean stop leaves nothing unsynced
    }
    this.tiering.wal?.close();
    this.meta?.close();
    this.unlock();
  }

  diskStats(): DiskTierStats {
    const wal = this.tiering.wal;
    const t = this.tiering;
    return {
      durability: this.durability,
      path: this.storagePath,
      highWaterBytes: t.highWaterBytes,
      diskBytes: wal?.diskBytes ?? 0,
      maxDiskBytes: wal?.maxDiskBytes ?? 0,
      walSegments: wal?.segmentStats() ?? [],
      walSegmentSizeBytes: wal?.segmentSizeBytes ?? 0,
      spilling: t.spilling,
      spilledBatchesTotal: t.spilledBatchesTotal,
      spilledBytesTotal: t.spilledBytesTotal,
      spillStepsTotal: t.spillStepsTotal,
      spillFailuresTotal: t.spillFailuresTotal,
      lastSpillAtMs: t.lastSpillAtMs,
      walReadsTotal: wal?.readsTotal ?? 0,
      walReadBytesTotal: wal?.readBytesTotal ?? 0,
      walWrittenBytesTotal: wal?.writtenBytesTotal ?? 0,
      walSegmentsDeletedTotal: wal?.segmentsDeletedTotal ?? 0,
      fsyncsTotal: this.sync?.fsyncsTotal ?? 0,
      lastFsyncDurationMs: this.sync?.lastFsyncDurationMs ?? 0,
      recovery: this.recovery,
    };
  }

  topic(name: string): Topic | undefined {
    return this.byName.get(name);
  }

  topicById(id: string): Topic | undefined {
    return this.byId.get(id);
  }

  topics(): IterableIterator<Topic> {
    return this.byName.values();
  }

  partition(topic: string, index: number): PartitionLog | undefined {
    return this.byName.get(topic)?.partitions[index];
  }

  /**
   * Effective time retention: the topic's "retention.ms" if set, else the default; -1 = none.
   * Configs are validated by whoever sets them (CreateTopics/AlterConfigs answer
   * INVALID_CONFIG); a malformed value here is a bug and asserts.
   */
  retentionMsOf(topic: Topic): number {
    const text = topic.configs[RETENTION_MS_CONFIG];
    if (text === undefined) return this.defaultRetentionMs;
    const retentionMs = text.trim() === "" ? NaN : Number(text);
    assertRetentionMs(retentionMs, `${topic.name} ${RETENTION_MS_CONFIG} "${text}"`);
    return retentionMs;
  }

  /**
   * Run time retention on every partition of topics whose cleanup.policy includes "delete" (the
   * default); returns batch bytes freed.
   */
  enforceRetention(nowMs: number): number {
    let freedBytes = 0;
    for (const topic of this.byName.values()) {
      if (!hasCleanupPolicy(topic, "delete")) continue;
      const retentionMs = this.retentionMsOf(topic);
      if (retentionMs === -1) continue;
      const cutoffMs = nowMs - retentionMs;
      for (const partition of topic.partitions) {
        freedBytes += partition.expireAppendedBefore(cutoffMs);
      }
    }
    return freedBytes;
  }

  stats(): LogStoreStats {
    const topics = [];
    for (const topic of this.byName.values()) {
      topics.push({
        name: topic.name,
        partitions: topic.partitions.map((p, index) => ({
          index,
          logStartOffset: p.logStartOffset,
          nextOffset: p.nextOffset,
          sizeBytes: p.sizeBytes,
          batchCount: p.batchCount,
          spilledBatches: p.spilledBatchCount,
          spilledBytes: p.spilledSizeBytes,
        })),
      });
    }
    return {
      usedBytes: this.pool.usedBytes,
      limitBytes: this.pool.limitBytes,
      freeSegments: this.pool.freeSegments,
      segmentSizeBytes: this.pool.segmentSizeBytes,
      topics,
    };
  }
}

/**
 * Whether the topic's cleanup.policy (default "delete") includes `policy`. The values accepted
 * (topic_configs.ts) are delete, compact and both joined by a comma, so a substring test is
 * exact; it runs on every produce, without allocating.
 */
export function hasCleanupPolicy(topic: Topic, policy: "compact" | "delete"): boolean {
  return (topic.configs["cleanup.policy"] ?? "delete").includes(policy);
}

/** memory mode's spill area: `dir` emptied of an earlier run's files (nothing survives). */
function emptySpillArea(
  dir: string,
  walOptions: { segmentSizeBytes: number; maxDiskBytes: number },
): Wal {
  Deno.mkdirSync(dir, { recursive: true });
  for (const seq of listSegments(dir)) Deno.removeSync(`${dir}/${segmentFileName(seq)}`);
  return new Wal({ dir, ...walOptions });
}

function assertRetentionMs(retentionMs: number, what: string): void {
  assert(
    Number.isSafeInteger(retentionMs) && retentionMs >= -1,
    `${what} must be an integer >= -1 (-1 = forever)`,
  );
}
