/** One record in the message browser: offset, time, size, key, value and headers. */
import { formatBytes, formatTime } from "../format.ts";
import type { MessageRecord } from "../types.ts";

/** A decoded key or value as text: JSON pretty-printed, text and hex as they come. */
function shown(value: unknown, format: string): string {
  if (format === "json") return JSON.stringify(value, null, 2);
  return String(value);
}

export function MessageCard(props: { record: MessageRecord; partition: number }) {
  const r = props.record;
  return (
    <article class="message" data-offset={r.offset}>
      <header>
        <b>#{r.offset}</b>
        <span>partition {props.partition}</span>
        <time dateTime={new Date(r.timestampMs).toISOString()}>{formatTime(r.timestampMs)}</time>
        <span>{formatBytes(r.sizeBytes)}</span>
      </header>
      <div class="message-key">
        <span class="field-name">key</span>
        {r.key === null || r.key === undefined
          ? <span class="muted">none</span>
          : <code class="wrap">{shown(r.key, r.keyFormat)}</code>}
      </div>
      {r.value === null || r.value === undefined
        ? <p class="muted">null value (tombstone)</p>
        : <pre class="message-value">{shown(r.value, r.valueFormat)}</pre>}
      {r.headers.length > 0 && (
        <ul class="headers" aria-label="headers">
          {r.headers.map((h, i) => (
            <li key={i}>
              <b>{h.key}</b> {h.value === null ? <span class="muted">null</span> : h.value}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
