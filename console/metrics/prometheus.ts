/**
 * The broker's metrics in the Prometheus text exposition format 0.0.4, read straight from the
 * broker's objects (metrics, store, pool, disk tier, compactor, committed offsets) at scrape time.
 *
 * Names follow Prometheus' conventions (base units seconds and bytes, `_total` for counters,
 * `_seconds` histograms, `_bytes` sizes), plus Blink's own `blink_in_memory_queue_size_bytes`.
 */
import type { Broker } from "../../broker/broker.ts";
import { LATENCY_BUCKET_BOUNDS_MS } from "../../broker/request_latency.ts";
import { crc32cBackend } from "../../broker/records/crc32c.ts";
import { BLINK_VERSION } from "../../broker/version.ts";
import { Exposition, type Sample } from "./exposition.ts";

/** The latency bucket bounds in seconds (`le`), rounded so that 0.05 ms prints as 0.00005. */
const BUCKET_BOUNDS_SECONDS = LATENCY_BUCKET_BOUNDS_MS.map((ms) =>
  Number((ms / 1000).toPrecision(12))
);

export function renderPrometheus(broker: Broker): string {
  const out = new Exposition();
  out.gauge(
    "blink_build_info",
    "Blink's version, and which CRC-32C code checks batches (native or portable), as labels; " +
      "the value is always 1.",
    [{ labels: { version: BLINK_VERSION, crc32c: crc32cBackend.name }, value: 1 }],
  );
  out.gauge(
    "process_start_time_seconds",
    "Start time of the process since the Unix epoch, in seconds.",
    [{ value: performance.timeOrigin / 1000 }],
  );
  writeRequests(out, broker);
  writeTraffic(out, broker);
  writeMemory(out, broker);
  writeDiskTier(out, broker);
  writeCompaction(out, broker);
  writePartitions(out, broker);
  writeGroupLag(out, broker);
  return out.text();
}

function writeRequests(out: Exposition, broker: Broker): void {
  const stats = broker.metrics.requestStats();
  out.counter(
    "blink_requests_total",
    "Kafka requests handled, by API.",
    stats.map((s) => ({ labels: { api: s.api }, value: s.count })),
  );
  out.histogram(
    "blink_request_duration_seconds",
    "Time from reading a Kafka request to its encoded response, by API, in seconds.",
    BUCKET_BOUNDS_SECONDS,
    stats.map((s) => ({
      labels: { api: s.api },
      bucketCounts: s.bucketCounts,
      sum: s.sumMs / 1000,
    })),
  );
  out.gauge("blink_connections", "Open Kafka client connections.", [
    { value: broker.metrics.connections },
  ]);
}

function writeTraffic(out: Exposition, broker: Broker): void {
  const messagesIn: Sample[] = [];
  const bytesIn: Sample[] = [];
  const messagesOut: Sample[] = [];
  const bytesOut: Sample[] = [];
  for (const topic of broker.store.topics()) {
    const t = broker.metrics.topicTraffic(topic.name);
    const labels = { topic: topic.name };
    messagesIn.push({ labels, value: t?.messagesIn ?? 0 });
    bytesIn.push({ labels, value: t?.bytesIn ?? 0 });
    messagesOut.push({ labels, value: t?.messagesOut ?? 0 });
    bytesOut.push({ labels, value: t?.bytesOut ?? 0 });
  }
  out.counter("blink_messages_in_total", "Records produced, by topic.", messagesIn);
  out.counter("blink_bytes_in_total", "Record batch bytes produced, by topic.", bytesIn);
  out.counter("blink_messages_out_total", "Records returned to fetches, by topic.", messagesOut);
  out.counter(
    "blink_bytes_out_total",
    "Record batch bytes returned to fetches, by topic.",
    bytesOut,
  );
}

function writeMemory(out: Exposition, broker: Broker): void {
  const pool = broker.store.pool;
  let memoryBytes = 0;
  for (const topic of broker.store.topics()) {
    for (const log of topic.partitions) memoryBytes += log.memorySizeBytes;
  }
  const totals = broker.metrics.totals();
  out.gauge("blink_memory_pool_used_bytes", "Bytes of the segment pool in use.", [
    { value: pool.usedBytes },
  ]);
  out.gauge("blink_memory_pool_limit_bytes", "Size of the segment pool (max_memory).", [
    { value: pool.limitBytes },
  ]);
  out.gauge(
    "blink_memory_pool_committed_bytes",
    "Bytes of the segment pool whose pages the OS has committed (prefault_memory: all, at start).",
    [{ value: pool.committedBytes }],
  );
  out.gauge(
    "blink_memory_high_water_bytes",
    "Pool usage in bytes past which the oldest batches spill to disk (spill_high_water_percent).",
    [{ value: broker.store.tiering.highWaterBytes }],
  );
  out.gauge(
    "blink_in_memory_queue_size_bytes",
    "Bytes of record batches held in memory (batches spilled to disk not included).",
    [{ value: memoryBytes }],
  );
  out.counter(
    "blink_retention_freed_bytes_total",
    "Bytes of record batches dropped by time or size retention.",
    [{ value: totals.retentionFreedBytes }],
  );
  out.counter(
    "blink_purged_bytes_total",
    "Bytes of record batches dropped by purge_on_fetch.",
    [{ value: totals.purgedBytes }],
  );
}

function writeDiskTier(out: Exposition, broker: Broker): void {
  const disk = broker.store.diskStats();
  let spilledBytes = 0;
  let spilledBatches = 0;
  for (const topic of broker.store.topics()) {
    for (const log of topic.partitions) {
      spilledBytes += log.spilledSizeBytes;
      spilledBatches += log.spilledBatchCount;
    }
  }
  const one = (value: number): Sample[] => [{ value }];
  out.gauge(
    "blink_wal_disk_bytes",
    "Bytes of WAL segment files (spill files in durability memory), buffered writes included.",
    one(disk.diskBytes),
  );
  out.gauge(
    "blink_wal_disk_limit_bytes",
    "Most bytes the WAL may use (max_disk); 0 without a disk tier.",
    one(disk.maxDiskBytes),
  );
  out.gauge("blink_wal_segments", "WAL segment files on disk.", one(disk.walSegments.length));
  out.gauge(
    "blink_spilled_bytes",
    "Bytes of record batches held only on disk (spilled, or recovered and not read back).",
    one(spilledBytes),
  );
  out.gauge(
    "blink_spilled_batches",
    "Record batches held only on disk (spilled, or recovered and not read back).",
    one(spilledBatches),
  );
  out.counter(
    "blink_spill_batches_total",
    "Record batches moved out of memory to disk past the high-water mark.",
    one(disk.spilledBatchesTotal),
  );
  out.counter(
    "blink_spill_bytes_total",
    "Bytes of record batches moved out of memory to disk past the high-water mark.",
    one(disk.spilledBytesTotal),
  );
  out.counter(
    "blink_wal_reads_total",
    "Reads of record batches from WAL segment files (a run of adjacent batches is one read).",
    one(disk.walReadsTotal),
  );
  out.counter(
    "blink_wal_read_bytes_total",
    "Bytes read from WAL segment files to serve fetches and compaction.",
    one(disk.walReadBytesTotal),
  );
  out.counter(
    "blink_wal_written_bytes_total",
    "Bytes written to WAL segment files.",
    one(disk.walWrittenBytesTotal),
  );
  out.counter(
    "blink_wal_segments_deleted_total",
    "WAL segment files deleted once no live batch was left in them.",
    one(disk.walSegmentsDeletedTotal),
  );
  out.counter(
    "blink_wal_fsyncs_total",
    "fsyncs of the WAL and meta journal (durability async and sync).",
    one(disk.fsyncsTotal),
  );
  const recovery = disk.recovery;
  out.gauge(
    "blink_recovery_duration_seconds",
    "How long recovering the WAL and meta journal took at start, in seconds; 0 when none ran.",
    one(recovery ? recovery.durationMs / 1000 : 0),
  );
  out.gauge(
    "blink_recovery_truncated_bytes",
    "Bytes recovery cut from a torn or corrupt tail of the WAL (later segment files included) " +
      "and of the meta journal at start; 0 when none.",
    one(
      (recovery?.wal.truncated?.droppedBytes ?? 0) + (recovery?.metaTruncated?.droppedBytes ?? 0),
    ),
  );
}

function writeCompaction(out: Exposition, broker: Broker): void {
  const stats = broker.compactor.stats;
  out.counter(
    "blink_compaction_runs_total",
    "Compaction runs over the topics with cleanup.policy=compact.",
    [{ value: stats.runsTotal }],
  );
  out.counter(
    "blink_compaction_records_removed_total",
    "Records compaction removed (superseded by a later record with the same key, or tombstones).",
    [{ value: stats.recordsRemovedTotal }],
  );
  out.counter(
    "blink_compaction_tombstones_removed_total",
    "Tombstones (null-value records) compaction removed after delete.retention.ms.",
    [{ value: stats.tombstonesRemovedTotal }],
  );
}

function writePartitions(out: Exposition, broker: Broker): void {
  const start: Sample[] = [];
  const end: Sample[] = [];
  const size: Sample[] = [];
  for (const topic of broker.store.topics()) {
    for (const log of topic.partitions) {
      const labels = { topic: topic.name, partition: String(log.partition) };
      start.push({ labels, value: log.logStartOffset });
      end.push({ labels, value: log.nextOffset });
      size.push({ labels, value: log.sizeBytes });
    }
  }
  out.gauge("blink_partition_log_start_offset", "First readable offset, by partition.", start);
  out.gauge(
    "blink_partition_log_end_offset",
    "Offset the next record gets (high watermark), by partition.",
    end,
  );
  out.gauge(
    "blink_partition_size_bytes",
    "Bytes of record batches held in memory or on disk, by partition.",
    size,
  );
}

function writeGroupLag(out: Exposition, broker: Broker): void {
  const lag: Sample[] = [];
  const offsets = broker.groups.offsets;
  for (const group of offsets.groupIds()) {
    for (const [topic, partitions] of offsets.ofGroup(group)) {
      for (const [partition, committed] of partitions) {
        const log = broker.store.partition(topic, partition);
        if (!log || committed.offset < 0) continue;
        lag.push({
          labels: { group, topic, partition: String(partition) },
          value: Math.max(0, log.nextOffset - committed.offset),
        });
      }
    }
  }
  out.gauge(
    "blink_consumer_group_lag",
    "Records between a group's committed offset and the log end, by partition.",
    lag,
  );
}
