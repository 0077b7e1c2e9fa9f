/**
 * The JSON shapes of the console's admin API (/api/*), as the server sends them. Typed after the
 * shared console spec; the UI only reads these, it never builds them.
 */
import type { CompactionStats } from "../../broker/compaction.ts";
import type { DiskTierStats } from "../../storage/log_store.ts";

export interface Overview {
  broker: {
    name: string;
    version: string;
    clusterId: string;
    nodeId: number;
    uptimeMs: number;
    kafkaHost: string;
    kafkaPorts: number[];
    restPort: number;
    connections: number;
  };
  memory: PoolFigures;
  topics: number;
  partitions: number;
  groups: number;
  messages: number;
  bytes: number;
}

export interface PoolFigures {
  usedBytes: number;
  limitBytes: number;
  /** Bytes whose pages the OS has committed (prefault_memory commits them all at start). */
  committedBytes?: number;
  freeSegments: number;
  segmentSizeBytes: number;
  highWaterMarkBytes: number;
  segmentCount?: number;
}

export interface TopicSummary {
  name: string;
  id: string;
  partitions: number;
  messages: number;
  bytes: number;
  retentionMs: number;
  cleanupPolicy: string;
}

export interface NewTopic {
  name: string;
  partitions: number;
  configs: Record<string, string>;
}

export interface TopicConfigEntry {
  name: string;
  value: string;
  source: "topic" | "default";
  doc: string;
}

export interface PartitionInfo {
  index: number;
  logStartOffset: number;
  nextOffset: number;
  messages: number;
  sizeBytes: number;
  batchCount: number;
}

export interface TopicDetail {
  name: string;
  id: string;
  configs: TopicConfigEntry[];
  partitions: PartitionInfo[];
}

export type MessageFormat = "text" | "json" | "hex";

export interface MessageHeader {
  key: string;
  value: string | null;
}

export interface MessageRecord {
  offset: number;
  timestampMs: number;
  key: unknown;
  value: unknown;
  keyFormat: string;
  valueFormat: string;
  headers: MessageHeader[];
  sizeBytes: number;
}

export interface MessagePage {
  partition: number;
  logStartOffset: number;
  nextOffset: number;
  highWatermark: number;
  records: MessageRecord[];
}

/** Where a message page starts: an offset, the newest N, or the first record at/after a time. */
export type MessageQuery =
  & { partition: number; format: MessageFormat; limit: number }
  & ({ offset: number } | { newest: number } | { fromTime: number });

export interface ProduceRequest {
  partition?: number;
  key?: string;
  value: string;
  headers?: MessageHeader[];
}

export interface Produced {
  partition: number;
  offset: number;
}

export interface GroupSummary {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  members: number;
  lag: number;
}

export interface GroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  assignment: { topic: string; partitions: number[] }[];
}

export interface GroupOffset {
  topic: string;
  partition: number;
  committedOffset: number;
  metadata: string | null;
  logEndOffset: number;
  lag: number;
}

export interface GroupDetail {
  groupId: string;
  state: string;
  protocolType: string;
  protocol: string;
  generationId: number;
  leaderId: string;
  members: GroupMember[];
  offsets: GroupOffset[];
}

export type OffsetTarget = "earliest" | "latest" | { offset: number } | { timestampMs: number };

export interface OffsetReset {
  topic: string;
  partition?: number;
  to: OffsetTarget;
}

export interface OffsetResetResult {
  offsets: { topic: string; partition: number; committedOffset: number }[];
}

/** One partition's batches and bytes in both tiers (GET /api/memory). */
export interface PartitionTiers {
  index: number;
  /** Bytes held in either tier. */
  bytes: number;
  batches: number;
  /** Bytes with a copy in memory. */
  memoryBytes: number;
  /** Batches and bytes held only on disk. */
  spilledBatches: number;
  spilledBytes: number;
  logStartOffset: number;
  nextOffset: number;
}

export interface MemoryReport {
  pool: PoolFigures;
  disk: DiskTierStats;
  topics: {
    name: string;
    bytes: number;
    memoryBytes: number;
    spilledBatches: number;
    spilledBytes: number;
    partitions: PartitionTiers[];
  }[];
  compaction: CompactionStats;
  activity: {
    retentionFreedBytes: number;
    purgedBytes: number;
    retentionMs: number;
    purgeOnFetch: boolean;
    spilling: boolean;
    spillStepsTotal: number;
    spilledBatchesTotal: number;
    spilledBytesTotal: number;
    /** Epoch ms of the last spill step; 0 when none. */
    lastSpillAtMs: number;
    /** Epoch ms the broker started after recovering from disk; null when nothing was recovered. */
    recoveredAtMs: number | null;
  };
}

export interface SettingEntry {
  key: string;
  value: unknown;
  source: "default" | "file" | "env";
}

/** One second of live figures from GET /api/events (`figures`; `history` sends an array). */
export type { LiveFigures } from "../metrics/live.ts";
/** The disk tier as LogStore.diskStats() reports it, and the compactor's counters. */
export type { CompactionStats, DiskTierStats };
