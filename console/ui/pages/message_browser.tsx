/**
 * The message browser of a topic page: pick a partition and where to start (the newest N, an
 * offset, or a time), decode as text, JSON or hex, page older/newer, or tail live (polls every
 * second from the end and shows the newest first).
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { api } from "../api.ts";
import { ErrorBox } from "../components/error_box.tsx";
import { formatCount } from "../format.ts";
import type { MessageFormat, MessagePage, MessageQuery, MessageRecord } from "../types.ts";
import { MessageCard } from "./message_card.tsx";
import { PositionField } from "../components/position_field.tsx";

type StartMode = "newest" | "offset" | "time";

const TAIL_INTERVAL_MS = 1000;
/** Records a tail keeps on screen. */
const TAIL_KEEP = 200;
const MAX_LIMIT = 500;

export interface MessageBrowserProps {
  topic: string;
  partitions: number;
  /** Changes after a produce: the current view reloads. */
  refresh: number;
}

export function MessageBrowser(props: MessageBrowserProps) {
  const partition = useSignal(0);
  const mode = useSignal<StartMode>("newest");
  const offset = useSignal("0");
  const time = useSignal("");
  const format = useSignal<MessageFormat>("text");
  const limit = useSignal(50);
  const page = useSignal<MessagePage | null>(null);
  const records = useSignal<MessageRecord[]>([]);
  const tail = useSignal(false);
  const error = useSignal<string | null>(null);

  const base = () => ({ partition: partition.value, format: format.value, limit: limit.value });
  const startQuery = (): MessageQuery => {
    if (mode.value === "offset") return { ...base(), offset: Number(offset.value) };
    if (mode.value === "time") return { ...base(), fromTime: new Date(time.value).getTime() };
    return { ...base(), newest: limit.value };
  };

  /** Numbers each request of `show`, so only the latest one's answer is shown. */
  const shown = useRef(0);
  const show = async (query: MessageQuery) => {
    const mine = ++shown.current;
    error.value = null;
    try {
      const result = await api.messages(props.topic, query);
      if (mine !== shown.current) return;
      page.value = result;
      records.value = result.records;
    } catch (err) {
      if (mine === shown.current) error.value = err instanceof Error ? err.message : String(err);
    }
  };

  const goTo = (at: number) => {
    mode.value = "offset";
    offset.value = String(at);
    return show({ ...base(), offset: at });
  };

  useEffect(() => {
    if (!tail.value) show(startQuery());
  }, [partition.value, format.value, props.refresh, tail.value]);

  useEffect(() => {
    if (!tail.value) return;
    let active = true;
    let cursor = -1;
    const poll = async () => {
      const firstPoll = cursor < 0;
      try {
        const query: MessageQuery = firstPoll
          ? { ...base(), newest: limit.value }
          : { ...base(), limit: MAX_LIMIT, offset: cursor };
        const result = await api.messages(props.topic, query);
        if (!active) return;
        cursor = result.nextOffset;
        page.value = result;
        const fresh = [...result.records].reverse();
        records.value = firstPoll ? fresh : [...fresh, ...records.value].slice(0, TAIL_KEEP);
        error.value = null;
      } catch (err) {
        if (active) error.value = err instanceof Error ? err.message : String(err);
      }
      if (active) timer = setTimeout(poll, TAIL_INTERVAL_MS);
    };
    shown.current++; // a page load still under way must not replace the tail
    records.value = [];
    let timer = setTimeout(poll, 0);
    return () => {
      active = false;
      clearTimeout(timer);
    };
  }, [tail.value, partition.value, format.value]);

  const p = page.value;
  const first = records.value.length > 0 ? records.value[0].offset : null;
  return (
    <div class="card browser">
      <h2>Messages</h2>
      <form
        class="fields"
        aria-label="message browser"
        onSubmit={(e) => {
          e.preventDefault();
          show(startQuery());
        }}
      >
        <label>
          Partition
          <select
            name="partition"
            value={partition.value}
            onChange={(e) => partition.value = Number(e.currentTarget.value)}
          >
            {Array.from(
              { length: props.partitions },
              (_, i) => <option key={i} value={i}>{i}</option>,
            )}
          </select>
        </label>
        <label>
          Start
          <select
            name="start"
            value={mode.value}
            disabled={tail.value}
            onChange={(e) => mode.value = e.currentTarget.value as StartMode}
          >
            <option value="newest">newest</option>
            <option value="offset">at offset</option>
            <option value="time">from time</option>
          </select>
        </label>
        {mode.value === "offset" && (
          <PositionField
            kind="offset"
            label="Offset"
            name="offset"
            value={offset}
            disabled={tail.value}
          />
        )}
        {mode.value === "time" && (
          <PositionField kind="time" label="From" name="from" value={time} disabled={tail.value} />
        )}
        <label>
          Count
          <input
            name="limit"
            type="number"
            min={1}
            max={MAX_LIMIT}
            value={limit.value}
            onInput={(e) =>
              limit.value = Math.min(MAX_LIMIT, Math.max(1, Number(e.currentTarget.value) || 1))}
          />
        </label>
        <label>
          Format
          <select
            name="format"
            value={format.value}
            onChange={(e) => format.value = e.currentTarget.value as MessageFormat}
          >
            <option value="text">text</option>
            <option value="json">json</option>
            <option value="hex">hex</option>
          </select>
        </label>
        <button type="submit" class="primary" disabled={tail.value}>Show</button>
        <label class="toggle">
          <input
            type="checkbox"
            name="tail"
            checked={tail.value}
            onChange={(e) => tail.value = e.currentTarget.checked}
          />
          Live tail
        </label>
      </form>
      <ErrorBox message={error.value} />
      {p && (
        <div class="pager">
          <span class="muted">
            offsets {formatCount(p.logStartOffset)} to {formatCount(p.highWatermark)}
            {tail.value ? " · tailing, newest first" : ""}
          </span>
          {!tail.value && (
            <span class="pager-buttons">
              <button
                type="button"
                disabled={first === null || first <= p.logStartOffset}
                onClick={() => goTo(Math.max(p.logStartOffset, (first ?? 0) - limit.value))}
              >
                ‹ Older
              </button>
              <button
                type="button"
                disabled={p.nextOffset >= p.highWatermark}
                onClick={() => goTo(p.nextOffset)}
              >
                Newer ›
              </button>
            </span>
          )}
        </div>
      )}
      {p && records.value.length === 0 && <p class="muted">No messages here.</p>}
      <div class="messages">
        {records.value.map((r) => (
          <MessageCard key={r.offset} record={r} partition={p?.partition ?? partition.value} />
        ))}
      </div>
    </div>
  );
}
