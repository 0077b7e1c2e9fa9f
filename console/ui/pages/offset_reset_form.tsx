/**
 * Resets a group's committed offsets for a topic (all partitions or one) to the earliest, the
 * latest, an offset or a time. The broker allows it only while the group has no members.
 */
import { useSignal } from "@preact/signals";
import { api } from "../api.ts";
import { ErrorBox } from "../components/error_box.tsx";
import type { OffsetTarget } from "../types.ts";
import { PositionField } from "../components/position_field.tsx";

type TargetKind = "earliest" | "latest" | "offset" | "time";

export interface OffsetResetFormProps {
  groupId: string;
  topics: string[];
  disabled: boolean;
  onReset: () => Promise<void>;
}

export function OffsetResetForm(props: OffsetResetFormProps) {
  const topic = useSignal(props.topics[0] ?? "");
  const partition = useSignal("");
  const kind = useSignal<TargetKind>("earliest");
  const at = useSignal("");
  const error = useSignal<string | null>(null);
  const done = useSignal<string | null>(null);

  const target = (): OffsetTarget => {
    if (kind.value === "offset") return { offset: Number(at.value) };
    if (kind.value === "time") return { timestampMs: new Date(at.value).getTime() };
    return kind.value;
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    error.value = null;
    done.value = null;
    try {
      const result = await api.resetOffsets(props.groupId, {
        topic: topic.value,
        ...(partition.value === "" ? {} : { partition: Number(partition.value) }),
        to: target(),
      });
      done.value = `Reset ${result.offsets.length} partition(s).`;
      await props.onReset();
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
    }
  };

  return (
    <form class="card form" onSubmit={submit} aria-label="reset offsets">
      <h2>Reset offsets</h2>
      {props.disabled && <p class="muted">Stop the group's consumers first: it has members.</p>}
      <fieldset class="fields" disabled={props.disabled}>
        <label class="grow">
          Topic
          <input
            name="topic"
            required
            list="reset-topics"
            value={topic.value}
            onInput={(e) => topic.value = e.currentTarget.value}
          />
          <datalist id="reset-topics">
            {props.topics.map((t) => <option key={t} value={t} />)}
          </datalist>
        </label>
        <label>
          Partition
          <input
            name="partition"
            type="number"
            min={0}
            placeholder="all"
            value={partition.value}
            onInput={(e) => partition.value = e.currentTarget.value}
          />
        </label>
        <label>
          To
          <select
            name="to"
            value={kind.value}
            onChange={(e) => {
              kind.value = e.currentTarget.value as TargetKind;
              at.value = "";
            }}
          >
            <option value="earliest">earliest</option>
            <option value="latest">latest</option>
            <option value="offset">offset</option>
            <option value="time">time</option>
          </select>
        </label>
        {kind.value === "offset" && (
          <PositionField kind="offset" label="Offset" name="offset" value={at} />
        )}
        {kind.value === "time" && <PositionField kind="time" label="Time" name="time" value={at} />}
        <button type="submit" class="primary">Reset</button>
      </fieldset>
      <ErrorBox message={error.value} />
      {done.value && <p class="ok" role="status">{done.value}</p>}
    </form>
  );
}
