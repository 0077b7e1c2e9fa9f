/**
 * A horizontal gauge of used bytes against the limit (memory by default, or disk), with the
 * high-water mark drawn on it when given.
 */
import { formatBytes, percent } from "../format.ts";

export function UsageBar(
  props: {
    usedBytes: number;
    limitBytes: number;
    highWaterMarkBytes?: number;
    /** The meter's accessible name. */
    label?: string;
  },
) {
  const usedPct = percent(props.usedBytes, props.limitBytes);
  const markPct = props.highWaterMarkBytes === undefined
    ? null
    : percent(props.highWaterMarkBytes, props.limitBytes);
  const level = markPct !== null && usedPct >= markPct ? "high" : "ok";
  return (
    <div class="usage">
      <div
        class="usage-bar"
        role="meter"
        aria-label={props.label ?? "memory used"}
        aria-valuemin={0}
        aria-valuemax={props.limitBytes}
        aria-valuenow={props.usedBytes}
      >
        <div class={`usage-fill usage-${level}`} style={{ width: `${usedPct}%` }} />
        {markPct !== null && (
          <div class="usage-mark" style={{ left: `${markPct}%` }} title="high-water mark" />
        )}
      </div>
      <div class="usage-legend">
        <span>
          <b>{formatBytes(props.usedBytes)}</b> used of {formatBytes(props.limitBytes)} (
          {usedPct.toFixed(1)}%)
        </span>
        {props.highWaterMarkBytes !== undefined && (
          <span>high-water mark {formatBytes(props.highWaterMarkBytes)}</span>
        )}
      </div>
    </div>
  );
}
