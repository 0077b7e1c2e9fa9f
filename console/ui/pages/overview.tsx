/**
 * Overview: the broker at a glance (identity, uptime, counts, memory) and live charts of
 * messages/s, bytes/s and request latency per API, fed every second by the event stream.
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
  formatCompact,
  formatCount,
  formatDuration,
  formatLatencyMs,
} from "../format.ts";
import { liveHistory } from "../live_feed.ts";
import type { LiveFigures } from "../types.ts";
import { useResource } from "../use_resource.ts";

const IN_COLOR = "#2f6fde";
const OUT_COLOR = "#17a673";
const API_COLORS = ["#2f6fde", "#17a673", "#e8890c", "#c2417a", "#7b57d6", "#1f9fb4", "#8a6d3b"];
/** Latency charts show the APIs with the most requests in the window, for readability. */
const MAX_LATENCY_SERIES = 5;

const IN_OUT: ChartSeries[] = [
  { label: "in", color: IN_COLOR },
  { label: "out", color: OUT_COLOR },
];

function columns(
  history: LiveFigures[],
  pick: ((f: LiveFigures) => number | null)[],
): uPlot.AlignedData {
  return [history.map((f) => f.timeMs / 1000), ...pick.map((p) => history.map(p))];
}

/** The busiest APIs over the history, most requests first. */
function busiestApis(history: LiveFigures[]): string[] {
  const counts = new Map<string, number>();
  for (const f of history) {
    for (const l of f.latency) counts.set(l.api, (counts.get(l.api) ?? 0) + l.count);
  }
  return [...counts].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])
    .slice(0, MAX_LATENCY_SERIES).map(([name]) => name).sort();
}

function latencyOf(api: string, quantile: "p50Ms" | "p99Ms") {
  return (f: LiveFigures) => {
    const l = f.latency.find((x) => x.api === api);
    return l && l.count > 0 ? l[quantile] : null;
  };
}

const formatRate = (v: number) => `${formatCompact(v)}/s`;
const formatByteRate = (v: number) => `${formatBytes(v)}/s`;

export function OverviewPage() {
  const overview = useResource(api.overview, 2000, []);
  const messages = useComputed(() =>
    columns(liveHistory.value, [(f) => f.messagesInPerSec, (f) => f.messagesOutPerSec])
  );
  const bytes = useComputed(() =>
    columns(liveHistory.value, [(f) => f.bytesInPerSec, (f) => f.bytesOutPerSec])
  );
  const apis = useComputed(() => busiestApis(liveHistory.value));
  const apiKey = apis.value.join(",");
  const apiSeries = apis.value.map((name, i) => ({
    label: name,
    color: API_COLORS[i % API_COLORS.length],
  }));
  const p50 = useComputed(() =>
    columns(liveHistory.value, apis.value.map((name) => latencyOf(name, "p50Ms")))
  );
  const p99 = useComputed(() =>
    columns(liveHistory.value, apis.value.map((name) => latencyOf(name, "p99Ms")))
  );
  const latest = liveHistory.value.at(-1);
  const o = overview.data.value;

  return (
    <section class="page">
      <h1>Overview</h1>
      <ErrorBox message={overview.error.value} />
      <div class="stats">
        <Stat
          label="Messages in/s"
          value={formatCount(Math.round(latest?.messagesInPerSec ?? 0))}
        />
        <Stat
          label="Messages out/s"
          value={formatCount(Math.round(latest?.messagesOutPerSec ?? 0))}
        />
        <Stat label="Bytes in/s" value={formatBytes(latest?.bytesInPerSec ?? 0)} />
        <Stat label="Bytes out/s" value={formatBytes(latest?.bytesOutPerSec ?? 0)} />
        <Stat label="Connections" value={formatCount(latest?.connections ?? 0)} />
        <Stat label="Uptime" value={o ? formatDuration(o.broker.uptimeMs) : "–"} />
      </div>
      <div class="charts">
        <Chart
          title="Messages/s"
          series={IN_OUT}
          data={messages}
          formatValue={formatRate}
          emptyMax={10}
        />
        <Chart
          title="Bytes/s"
          series={IN_OUT}
          data={bytes}
          formatValue={formatByteRate}
          emptyMax={1024}
          axisSizePx={80}
        />
        <Chart
          key={`p50:${apiKey}`}
          title="Latency p50 by API"
          series={apiSeries}
          data={p50}
          formatValue={formatLatencyMs}
        />
        <Chart
          key={`p99:${apiKey}`}
          title="Latency p99 by API"
          series={apiSeries}
          data={p99}
          formatValue={formatLatencyMs}
        />
      </div>
      {latest && latest.latency.length > 0 && (
        <div class="card">
          <h2>Requests in the last second</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>API</th>
                  <th class="num">Requests</th>
                  <th class="num">p50</th>
                  <th class="num">p99</th>
                </tr>
              </thead>
              <tbody>
                {latest.latency.map((l) => (
                  <tr key={l.api}>
                    <td>{l.api}</td>
                    <td class="num">{formatCount(l.count)}</td>
                    <td class="num">{l.count > 0 ? formatLatencyMs(l.p50Ms) : "–"}</td>
                    <td class="num">{l.count > 0 ? formatLatencyMs(l.p99Ms) : "–"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
      {o && (
        <div class="grid-2">
          <div class="card">
            <h2>Broker</h2>
            <dl class="facts">
              <dt>Name</dt>
              <dd>{o.broker.name} {o.broker.version}</dd>
              <dt>Cluster id</dt>
              <dd class="mono">{o.broker.clusterId}</dd>
              <dt>Node id</dt>
              <dd>{o.broker.nodeId}</dd>
              <dt>Kafka listeners</dt>
              <dd class="mono">
                {o.broker.kafkaPorts.map((p) => `${o.broker.kafkaHost}:${p}`).join(", ")}
              </dd>
              <dt>Console port</dt>
              <dd>{o.broker.restPort}</dd>
            </dl>
          </div>
          <div class="card">
            <h2>Contents</h2>
            <dl class="facts">
              <dt>Topics</dt>
              <dd>{formatCount(o.topics)}</dd>
              <dt>Partitions</dt>
              <dd>{formatCount(o.partitions)}</dd>
              <dt>Consumer groups</dt>
              <dd>{formatCount(o.groups)}</dd>
              <dt>Messages held</dt>
              <dd>{formatCount(o.messages)}</dd>
              <dt>Bytes held</dt>
              <dd>{formatBytes(o.bytes)}</dd>
            </dl>
            <h3>Memory</h3>
            <UsageBar
              usedBytes={o.memory.usedBytes}
              limitBytes={o.memory.limitBytes}
              highWaterMarkBytes={o.memory.highWaterMarkBytes}
            />
          </div>
        </div>
      )}
    </section>
  );
}
