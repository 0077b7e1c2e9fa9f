/**
 * LogStore: topics and their partition logs over one shared SegmentPool.
 *
 * The one storage object the rest of the program uses. It starts no timers:
 * the caller runs enforceRetention periodically.
 */
import assert from "node:assert/strict";
import { PartitionLog } from "./partition_log.ts";
import { SegmentArena } from "./segment_arena.ts";
import { SegmentPool } from "./segment_pool.ts";

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
}

export interface PartitionStats {
  index: number;
  logStartOffset: number;
  nextOffset: number;
  sizeBytes: number;
  batchCount: number;
}

export interface LogStoreStats {
  usedBytes: number;
  limitBytes: number;
  freeSegments: number;
  segmentSizeBytes: number;
  topics: { name: string; partitions: PartitionStats[] }[];
}

const RETENTION_MS_CONFIG = "retention.ms";

export class LogStore {
  readonly pool: SegmentPool;
  private readonly arena: SegmentArena;
  private readonly defaultRetentionMs: number;
  private readonly byName = new Map<string, Topic>();
  private readonly byId = new Map<string, Topic>();

  constructor(opts: LogStoreOptions) {
    assertRetentionMs(opts.retentionMs, "default retentionMs");
    this.pool = new SegmentPool(opts);
    this.arena = new SegmentArena(this.pool);
    this.defaultRetentionMs = opts.retentionMs;
  }

  /** Create a topic with partitions 0..partitionCount-1; throws if the name or id exists. */
  createTopic(
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
    for (let i = 0; i < partitionCount; i++) {
      topic.partitions.push(new PartitionLog(this.arena, name, i));
    }
    this.byName.set(name, topic);
    this.byId.set(id, topic);
    return topic;
  }

  /** Delete a topic and return its memory to the pool; false when no such topic. */
  deleteTopic(name: string): boolean {
    const topic = this.byName.get(name);
    if (topic === undefined) return false;
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
      topic.partitions.push(new PartitionLog(this.arena, name, i));
    }
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

  /** Run time retention on every partition; returns batch bytes freed. */
  enforceRetention(nowMs: number): number {
    let freedBytes = 0;
    for (const topic of this.byName.values()) {
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

function assertRetentionMs(retentionMs: number, what: string): void {
  assert(
    Number.isSafeInteger(retentionMs) && retentionMs >= -1,
    `${what} must be an integer >= -1 (-1 = forever)`,
  );
}
