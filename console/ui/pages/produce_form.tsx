/** The produce form of a topic page: partition (or the default partitioner), key, value, headers. */
import { useSignal } from "@preact/signals";
import { api } from "../api.ts";
import { ErrorBox } from "../components/error_box.tsx";
import type { MessageHeader, Produced } from "../types.ts";

export interface ProduceFormProps {
  topic: string;
  partitions: number;
  onProduced: () => Promise<void>;
}

export function ProduceForm(props: ProduceFormProps) {
  const partition = useSignal("");
  const key = useSignal("");
  const value = useSignal("");
  const headers = useSignal<MessageHeader[]>([]);
  const result = useSignal<Produced | null>(null);
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);

  const setHeader = (index: number, field: "key" | "value", text: string) => {
    headers.value = headers.value.map((h, i) => i === index ? { ...h, [field]: text } : h);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = null;
    result.value = null;
    try {
      result.value = await api.produce(props.topic, {
        ...(partition.value === "" ? {} : { partition: Number(partition.value) }),
        ...(key.value === "" ? {} : { key: key.value }),
        value: value.value,
        headers: headers.value.filter((h) => h.key !== ""),
      });
      await props.onProduced();
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="card form" onSubmit={submit} aria-label="produce a message">
      <h2>Produce a message</h2>
      <div class="fields">
        <label>
          Partition
          <select
            name="partition"
            value={partition.value}
            onChange={(e) => partition.value = e.currentTarget.value}
          >
            <option value="">by key / round-robin</option>
            {Array.from(
              { length: props.partitions },
              (_, i) => <option key={i} value={i}>{i}</option>,
            )}
          </select>
        </label>
        <label class="grow">
          Key
          <input
            name="key"
            placeholder="none"
            value={key.value}
            onInput={(e) => key.value = e.currentTarget.value}
          />
        </label>
      </div>
      <label class="block">
        Value
        <textarea
          name="value"
          rows={4}
          value={value.value}
          onInput={(e) => value.value = e.currentTarget.value}
        />
      </label>
      {headers.value.map((h, i) => (
        <div class="fields header-row" key={i}>
          <label class="grow">
            Header key
            <input
              name={`header-key-${i}`}
              value={h.key}
              onInput={(e) => setHeader(i, "key", e.currentTarget.value)}
            />
          </label>
          <label class="grow">
            Header value
            <input
              name={`header-value-${i}`}
              value={h.value ?? ""}
              onInput={(e) => setHeader(i, "value", e.currentTarget.value)}
            />
          </label>
          <button
            type="button"
            aria-label={`remove header ${i + 1}`}
            onClick={() => headers.value = headers.value.filter((_, j) => j !== i)}
          >
            ✕
          </button>
        </div>
      ))}
      <div class="actions">
        <button
          type="button"
          onClick={() => headers.value = [...headers.value, { key: "", value: "" }]}
        >
          Add header
        </button>
        <button type="submit" class="primary" disabled={busy.value}>Produce</button>
      </div>
      <ErrorBox message={error.value} />
      {result.value && (
        <p class="ok" role="status">
          Produced to partition {result.value.partition} at offset {result.value.offset}.
        </p>
      )}
    </form>
  );
}
