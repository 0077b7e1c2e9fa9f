/**
 * A live time-series chart drawn by uPlot. The caption doubles as the legend: it shows each
 * series' value under the cursor, or the latest one, and the figure's aria-label always states
 * the latest values (screen readers and tests read it).
 */
import uPlot from "uplot";
import { type ReadonlySignal, useComputed, useSignal, useSignalEffect } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";

export interface ChartSeries {
  label: string;
  color: string;
}

export interface ChartProps {
  title: string;
  series: ChartSeries[];
  /** [epoch seconds, then one array per series]; null where a series has no value. */
  data: ReadonlySignal<uPlot.AlignedData>;
  formatValue: (value: number) => string;
  /** Top of the y axis while every value is 0 or missing (so the empty axis reads well). */
  emptyMax?: number;
  heightPx?: number;
  /** Width of the y axis and its labels; 64 px unless given (long labels such as "9.54 MiB/s"). */
  axisSizePx?: number;
}

const AXIS_COLOR = "#7a8499";
const GRID_COLOR = "#e9edf3";

function chartOptions(
  props: ChartProps,
  widthPx: number,
  heightPx: number,
  onCursor: (idx: number | null) => void,
): uPlot.Options {
  return {
    width: widthPx,
    height: heightPx,
    legend: { show: false },
    cursor: { y: false, drag: { x: false, y: false } },
    scales: {
      x: { time: true },
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.15 : props.emptyMax ?? 1] },
    },
    axes: [
      { stroke: AXIS_COLOR, grid: { stroke: GRID_COLOR }, ticks: { show: false } },
      {
        stroke: AXIS_COLOR,
        grid: { stroke: GRID_COLOR },
        ticks: { show: false },
        size: props.axisSizePx ?? 64,
        values: (_u, splits) => splits.map(props.formatValue),
      },
    ],
    series: [
      {},
      ...props.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 2,
        fill: `${s.color}18`,
        points: { show: false },
      })),
    ],
    hooks: { setCursor: [(u) => onCursor(u.cursor.idx ?? null)] },
  };
}

/** A series' value at `idx`; null when missing (also while a series swap is under way). */
function valueAt(column: uPlot.AlignedData[number] | undefined, idx: number): number | null {
  const v = column?.[idx];
  return typeof v === "number" ? v : null;
}

export function Chart(props: ChartProps) {
  const { title, series, data, formatValue } = props;
  const heightPx = props.heightPx ?? 180;
  const plotRef = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const hoverIdx = useSignal<number | null>(null);

  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const u = new uPlot(
      chartOptions(props, el.clientWidth, heightPx, (idx) => hoverIdx.value = idx),
      data.peek(),
      el,
    );
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: heightPx }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [series.map((s) => `${s.label}:${s.color}`).join("|"), heightPx, props.axisSizePx]);

  useSignalEffect(() => {
    // While the parent swaps series (a new key remounts the chart), data may briefly have the
    // next chart's column count; this chart skips it.
    if (data.value.length === series.length + 1) plot.current?.setData(data.value);
  });

  const lastIdx = useComputed(() => data.value[0].length - 1);
  const latestLabel = useComputed(() =>
    `${title}: ` + series.map((s, i) => {
      const v = valueAt(data.value[i + 1], lastIdx.value);
      return `${s.label} ${v === null ? "none" : formatValue(v)}`;
    }).join(", ")
  );
  const shownIdx = hoverIdx.value ?? lastIdx.value;

  return (
    <figure class="chart" aria-label={latestLabel}>
      <figcaption>
        <span class="chart-title">{title}</span>
        <span class="chart-values">
          {series.length === 0 && <span>no data yet</span>}
          {series.map((s, i) => {
            const v = shownIdx < 0 ? null : valueAt(data.value[i + 1], shownIdx);
            return (
              <span class="chart-value" key={s.label}>
                <i style={{ background: s.color }} />
                {s.label} <b>{v === null ? "–" : formatValue(v)}</b>
              </span>
            );
          })}
        </span>
      </figcaption>
      <div class="chart-plot" ref={plotRef} />
    </figure>
  );
}
