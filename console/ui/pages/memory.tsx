/**
 * Memory: the segment pool (used, free segments, high-water mark) with a live chart of the
 * bytes in use, the bytes each topic and partition holds, and retention/purge activity.
 */
import { useComputed } from "@preact/signals";
import type uPlot from "uplot";
import { api } from "../api.ts";
import { Chart } from "../components/chart.tsx";
import { ErrorBox } from "../components/error_box.tsx";
import { Stat } from "../components/stat.tsx";
import { UsageBar } from "../components/usage_bar.tsx";
import { formatBytes, formatCount, formatDuration, percent } from "../format.ts";
import { liveHistory } from "../live_feed.ts";
import { href } from "../router.ts";
import type { MemoryReport } from "../types.ts";
import { useResource } from "../use_resource.ts";

const USED_SERIES = [{ label: "used", color: "#7b57d6" }];

export function MemoryPage() {
  const memory = useResource(api.memory, 2000, []);
  const used = useComputed<uPlot.AlignedData>(() => [
    liveHistory.value.map((f) => f.timeMs / 1000),
    liveHistory.value.map((f) => f.memory.usedBytes),
  ]);
  const m = memory.data.value;
  return (
    <section class="page">
      <h1>Memory</h1>
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
        <Stat label="Segment size" value={formatBytes(pool.segmentSizeBytes)} />
        <Stat label="High-water mark" value={formatBytes(pool.highWaterMarkBytes)} />
      </div>
    </div>
  );
}

function Activity(props: { report: MemoryReport }) {
  const { activity } = props.report;
  return (
    <div class="card">
      <h2>Retention and purge</h2>
      <div class="stats">
        <Stat label="Freed by retention" value={formatBytes(activity.retentionFreedBytes)} />
        <Stat label="Purged after fetch" value={formatBytes(activity.purgedBytes)} />
        <Stat label="Default retention" value={formatDuration(activity.retentionMs)} />
        <Stat label="purge_on_fetch" value={activity.purgeOnFetch ? "on" : "off"} />
      </div>
    </div>
  );
}

function PerTopic(props: { report: MemoryReport }) {
  const { topics } = props.report;
  const total = Math.max(1, topics.reduce((sum, t) => sum + t.bytes, 0));
  return (
    <div class="card">
      <h2>Bytes per topic and partition</h2>
      {topics.length === 0 && <p class="muted">No topics hold data.</p>}
      {topics.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Topic / partition</th>
                <th class="num">Bytes</th>
                <th class="share">Share of all topics</th>
                <th class="num">Batches</th>
                <th class="num">Offsets</th>
              </tr>
            </thead>
            {topics.map((t) => (
              <tbody key={t.name}>
                <tr class="group-row">
                  <td class="wrap">
                    <a href={href({ page: "topic", name: t.name })}>{t.name}</a>
                  </td>
                  <td class="num">{formatBytes(t.bytes)}</td>
                  <td class="share">
                    <span class="share-bar" style={{ width: `${percent(t.bytes, total)}%` }} />
                  </td>
                  <td class="num">
                    {formatCount(t.partitions.reduce((n, p) => n + p.batches, 0))}
                  </td>
                  <td />
                </tr>
                {t.partitions.map((p) => (
                  <tr key={p.index}>
                    <td class="indent">partition {p.index}</td>
                    <td class="num">{formatBytes(p.bytes)}</td>
                    <td class="share">
                      <span class="share-bar" style={{ width: `${percent(p.bytes, total)}%` }} />
                    </td>
                    <td class="num">{formatCount(p.batches)}</td>
                    <td class="num">
                      {formatCount(p.logStartOffset)}–{formatCount(p.nextOffset)}
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </div>
  );
}
