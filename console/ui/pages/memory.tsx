/**
 * Storage (route #/memory): the two tiers records live in. The segment pool (used, free
 * segments, the high-water mark past which batches spill) with a live chart of the bytes in use;
 * the disk tier (durability mode, disk used of max_disk, segment files) with live charts of spill
 * and WAL-read throughput and of the bytes on disk; what spill, recovery, compaction, fsyncs,
 * retention and purge have done; and each topic and partition's bytes and batches in memory and
 * on disk only.
 */
import { useComputed } from "@preact/signals";
import type uPlot from "uplot";
import { api } from "../api.ts";
import { Chart, type ChartSeries } from "../components/chart.tsx";
import { ErrorBox } from "../components/error_box.tsx";
import { Stat } from "../components/stat.tsx";
import { UsageBar } from "../components/usage_bar.tsx";
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatLatencyMs,
  formatTime,
  percent,
} from "../format.ts";
import { liveHistory } from "../live_feed.ts";
import { href } from "../router.ts";
import type { LiveFigures, MemoryReport, PartitionTiers } from "../types.ts";
import { useResource } from "../use_resource.ts";

const USED_SERIES: ChartSeries[] = [{ label: "used", color: "#7b57d6" }];
const DISK_RATE_SERIES: ChartSeries[] = [
  { label: "spilled", color: "#e8890c" },
  { label: "WAL read", color: "#1f9fb4" },
];
const DISK_BYTES_SERIES: ChartSeries[] = [{ label: "on disk", color: "#c2417a" }];

const DURABILITY_NOTES: Record<MemoryReport["disk"]["durability"], string> = {
  memory: "Batches are written here only when they spill out of memory; emptied at every start.",
  async: "Every batch is written as it is stored and fsynced every wal_sync_interval.",
  sync: "A produce is acknowledged once its batch is fsynced.",
};

function columns(pick: ((f: LiveFigures) => number)[]): uPlot.AlignedData {
  const history = liveHistory.value;
  return [history.map((f) => f.timeMs / 1000), ...pick.map((p) => history.map(p))];
}

const formatByteRate = (v: number) => `${formatBytes(v)}/s`;

/** A moment as a Stat shows it: the time of day as the value, the date as the hint. */
function momentStat(label: string, timeMs: number | null, none: string) {
  if (timeMs === null || timeMs <= 0) return <Stat label={label} value={none} />;
  const [date, time] = formatTime(timeMs).split(" ");
  return <Stat label={label} value={time.slice(0, 8)} hint={date} />;
}

export function MemoryPage() {
  const memory = useResource(api.memory, 2000, []);
  const used = useComputed(() => columns([(f) => f.memory.usedBytes]));
  const diskRates = useComputed(() =>
    columns([(f) => f.disk.spilledBytesPerSec, (f) => f.disk.walReadBytesPerSec])
  );
  const diskBytes = useComputed(() => columns([(f) => f.disk.walDiskBytes]));
  const m = memory.data.value;
  return (
    <section class="page">
      <h1>Storage</h1>
      <ErrorBox message={memory.error.value} />
      <div class="grid-2">
        {m && <Pool report={m} />}
        <Chart
          title="Pool bytes in use"
          series={USED_SERIES}
          data={used}
          formatValue={formatBytes}
          emptyMax={1024 * 1024}
        />
      </div>
      <div class="grid-2">
        {m && <DiskTier report={m} />}
        <div class="chart-column">
          <Chart
            title="Spill and WAL reads"
            series={DISK_RATE_SERIES}
            data={diskRates}
            formatValue={formatByteRate}
            emptyMax={1024 * 1024}
            heightPx={150}
            axisSizePx={80}
          />
          <Chart
            title="WAL bytes on disk"
            series={DISK_BYTES_SERIES}
            data={diskBytes}
            formatValue={formatBytes}
            emptyMax={1024 * 1024}
            heightPx={150}
          />
        </div>
      </div>
      {m && <Activity report={m} />}
      {m && <PerTopic report={m} />}
    </section>
  );
}

function Pool(props: { report: MemoryReport }) {
  const { pool } = props.report;
  const segmentCount = pool.segmentCount ?? Math.floor(pool.limitBytes / pool.segmentSizeBytes);
  return (
    <div class="card">
      <h2>Segment pool</h2>
      <UsageBar
        usedBytes={pool.usedBytes}
        limitBytes={pool.limitBytes}
        highWaterMarkBytes={pool.highWaterMarkBytes}
      />
      <div class="stats">
        <Stat label="Used" value={formatBytes(pool.usedBytes)} />
        <Stat label="Limit" value={formatBytes(pool.limitBytes)} />
        <Stat
          label="Free segments"
          value={formatCount(pool.freeSegments)}
          hint={`of ${formatCount(segmentCount)}`}
        />
        {pool.committedBytes !== undefined && (
          <Stat
            label="Committed"
            value={formatBytes(pool.committedBytes)}
            hint="pages the OS has backed"
          />
        )}
        <Stat label="Segment size" value={formatBytes(pool.segmentSizeBytes)} />
        <Stat
          label="High-water mark"
          value={formatBytes(pool.highWaterMarkBytes)}
          hint="spill starts past it"
        />
      </div>
    </div>
  );
}

/** The WAL (or, in durability memory, the spill area): mode, size against max_disk, files. */
function DiskTier(props: { report: MemoryReport }) {
  const { disk, topics } = props.report;
  const spilledBytes = topics.reduce((n, t) => n + t.spilledBytes, 0);
  const spilledBatches = topics.reduce((n, t) => n + t.spilledBatches, 0);
  return (
    <section class="card" aria-labelledby="wal-title">
      <div class="card-title">
        <h2 id="wal-title">Write-ahead log</h2>
        <span class="badge" data-durability={disk.durability}>
          durability {disk.durability}
        </span>
      </div>
      {disk.path === null
        ? (
          <p class="muted card-note">
            No disk tier (no storage path): nothing spills, and a full pool refuses produces.
          </p>
        )
        : (
          <>
            <p class="muted wrap card-note">
              {DURABILITY_NOTES[disk.durability]} Directory <code>{disk.path}</code>
            </p>
            <UsageBar
              usedBytes={disk.diskBytes}
              limitBytes={disk.maxDiskBytes}
              label="disk used"
            />
            <div class="stats">
              <Stat
                label="Held only on disk"
                value={formatBytes(spilledBytes)}
                hint={`${formatCount(spilledBatches)} batches`}
              />
              <Stat label="Segment files" value={formatCount(disk.walSegments.length)} />
              <Stat label="Segment size" value={formatBytes(disk.walSegmentSizeBytes)} />
              <Stat label="Spill" value={disk.spilling ? "running" : "idle"} />
            </div>
            <SegmentFiles segments={disk.walSegments} />
          </>
        )}
    </section>
  );
}

function SegmentFiles(props: { segments: MemoryReport["disk"]["walSegments"] }) {
  const { segments } = props;
  if (segments.length === 0) return <p class="muted card-note">No segment files yet.</p>;
  return (
    <>
      <h3>Segment files</h3>
      <div class="table-wrap table-scroll">
        <table aria-label="segment files">
          <thead>
            <tr>
              <th class="num">Seq</th>
              <th class="num">Size</th>
              <th class="num">Live batches</th>
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => (
              <tr key={s.seq} data-segment={s.seq}>
                <td class="num">{s.seq}</td>
                <td class="num">{formatBytes(s.sizeBytes)}</td>
                <td class="num">{formatCount(s.liveBatches)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Activity(props: { report: MemoryReport }) {
  const { activity, disk, compaction } = props.report;
  const recovery = disk.recovery;
  const truncated = recovery?.wal.truncated ?? null;
  return (
    <div class="grid-cards">
      <section class="card" aria-labelledby="spill-title">
        <h2 id="spill-title">Spill</h2>
        <div class="stats">
          <Stat label="Steps" value={formatCount(activity.spillStepsTotal)} />
          <Stat label="Batches" value={formatCount(activity.spilledBatchesTotal)} />
          <Stat label="Bytes" value={formatBytes(activity.spilledBytesTotal)} />
          {momentStat("Last spill", activity.lastSpillAtMs, "never")}
        </div>
      </section>
      <section class="card" aria-labelledby="recovery-title">
        <h2 id="recovery-title">Recovery</h2>
        {recovery === null
          ? (
            <p class="muted card-note">
              Nothing recovered: durability {disk.durability} starts empty.
            </p>
          )
          : (
            <>
              <div class="stats">
                {momentStat("When", activity.recoveredAtMs, "–")}
                <Stat label="Duration" value={formatLatencyMs(recovery.durationMs)} />
                <Stat label="Batches" value={formatCount(recovery.batches)} />
                <Stat label="WAL bytes" value={formatBytes(recovery.walBytes)} />
                <Stat
                  label="Truncated tail"
                  value={truncated ? formatBytes(truncated.droppedBytes) : "none"}
                  hint={truncated
                    ? `segment ${truncated.segment} at byte ${formatCount(truncated.positionBytes)}`
                    : undefined}
                />
                {recovery.metaTruncated && (
                  <Stat
                    label="Meta journal cut"
                    value={formatBytes(recovery.metaTruncated.droppedBytes)}
                  />
                )}
              </div>
              {truncated && <p class="warning wrap card-note">WAL tail cut: {truncated.reason}</p>}
              {recovery.metaTruncated && (
                <p class="warning wrap card-note">
                  Meta journal cut: {recovery.metaTruncated.reason}
                </p>
              )}
            </>
          )}
      </section>
      <section class="card" aria-labelledby="compaction-title">
        <h2 id="compaction-title">Compaction</h2>
        <div class="stats">
          <Stat label="Runs" value={formatCount(compaction.runsTotal)} />
          <Stat
            label="Partitions compacted"
            value={formatCount(compaction.partitionsCompactedTotal)}
          />
          <Stat label="Records removed" value={formatCount(compaction.recordsRemovedTotal)} />
          <Stat
            label="Tombstones removed"
            value={formatCount(compaction.tombstonesRemovedTotal)}
          />
          <Stat
            label="Bytes before → after"
            value={`${formatBytes(compaction.bytesBeforeTotal)} → ${
              formatBytes(compaction.bytesAfterTotal)
            }`}
          />
          {compaction.failuresTotal > 0 && (
            <Stat label="Partitions skipped" value={formatCount(compaction.failuresTotal)} />
          )}
        </div>
      </section>
      <section class="card" aria-labelledby="io-title">
        <h2 id="io-title">Fsyncs and WAL I/O</h2>
        <div class="stats">
          <Stat label="Fsyncs" value={formatCount(disk.fsyncsTotal)} />
          <Stat
            label="Last fsync"
            value={disk.fsyncsTotal > 0 ? formatLatencyMs(disk.lastFsyncDurationMs) : "–"}
          />
          <Stat label="Written" value={formatBytes(disk.walWrittenBytesTotal)} />
          <Stat
            label="Read"
            value={formatBytes(disk.walReadBytesTotal)}
            hint={`${formatCount(disk.walReadsTotal)} reads`}
          />
          <Stat label="Files deleted" value={formatCount(disk.walSegmentsDeletedTotal)} />
        </div>
      </section>
      <section class="card" aria-labelledby="retention-title">
        <h2 id="retention-title">Retention and purge</h2>
        <div class="stats">
          <Stat label="Freed by retention" value={formatBytes(activity.retentionFreedBytes)} />
          <Stat label="Purged after fetch" value={formatBytes(activity.purgedBytes)} />
          <Stat label="Default retention" value={formatDuration(activity.retentionMs)} />
          <Stat label="purge_on_fetch" value={activity.purgeOnFetch ? "on" : "off"} />
        </div>
      </section>
    </div>
  );
}

/** A bar as wide as the row's share of all bytes, split into its memory and disk-only parts. */
function ShareBar(props: { bytes: number; memoryBytes: number; totalBytes: number }) {
  const { bytes, memoryBytes, totalBytes } = props;
  return (
    <span class="share-bar" style={{ width: `${percent(bytes, totalBytes)}%` }}>
      <span
        class="share-memory"
        style={{ width: `${bytes === 0 ? 100 : percent(memoryBytes, bytes)}%` }}
      />
    </span>
  );
}

type Tiers = Pick<
  PartitionTiers,
  "bytes" | "memoryBytes" | "spilledBytes" | "batches" | "spilledBatches"
>;

/** Bytes, share, and bytes and batches per tier: the cells a topic and a partition row share. */
function TierCells(props: { p: Tiers; totalBytes: number }) {
  const { p, totalBytes } = props;
  return (
    <>
      <td class="num">{formatBytes(p.bytes)}</td>
      <td class="share">
        <ShareBar bytes={p.bytes} memoryBytes={p.memoryBytes} totalBytes={totalBytes} />
      </td>
      <td class="num">{formatBytes(p.memoryBytes)}</td>
      <td class="num" data-spilled-bytes={p.spilledBytes}>{formatBytes(p.spilledBytes)}</td>
      <td class="num">{formatCount(p.batches - p.spilledBatches)}</td>
      <td class="num">{formatCount(p.spilledBatches)}</td>
    </>
  );
}

function PerTopic(props: { report: MemoryReport }) {
  const { topics } = props.report;
  const totalBytes = Math.max(1, topics.reduce((sum, t) => sum + t.bytes, 0));
  return (
    <div class="card">
      <h2>Bytes per topic and partition</h2>
      {topics.length === 0 && <p class="muted">No topics hold data.</p>}
      {topics.length > 0 && (
        <>
          <p class="legend muted card-note">
            <span>
              <i class="swatch share-memory" /> in memory
            </span>
            <span>
              <i class="swatch share-disk" /> on disk only (spilled or recovered)
            </span>
          </p>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Topic / partition</th>
                  <th class="num">Bytes</th>
                  <th class="share">Share of all topics</th>
                  <th class="num">In memory</th>
                  <th class="num">On disk</th>
                  <th class="num">Batches in memory</th>
                  <th class="num">Batches on disk</th>
                  <th class="num">Offsets</th>
                </tr>
              </thead>
              {topics.map((t) => (
                <tbody key={t.name}>
                  <tr class="group-row" data-topic={t.name}>
                    <td class="wrap">
                      <a href={href({ page: "topic", name: t.name })}>{t.name}</a>
                    </td>
                    <TierCells
                      p={{ ...t, batches: t.partitions.reduce((n, p) => n + p.batches, 0) }}
                      totalBytes={totalBytes}
                    />
                    <td />
                  </tr>
                  {t.partitions.map((p) => (
                    <tr key={p.index}>
                      <td class="indent">partition {p.index}</td>
                      <TierCells p={p} totalBytes={totalBytes} />
                      <td class="num">
                        {formatCount(p.logStartOffset)}–{formatCount(p.nextOffset)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        </>
      )}
    </div>
  );
}
