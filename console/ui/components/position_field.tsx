/**
 * A labelled input for a position in a partition: an offset (a whole number) or a point in time
 * (a local date and time, to the second). The message browser and the offset reset form use it.
 */
import type { Signal } from "@preact/signals";

export function PositionField(props: {
  kind: "offset" | "time";
  label: string;
  name: string;
  value: Signal<string>;
  disabled?: boolean;
}) {
  const { kind, label, name, value, disabled = false } = props;
  return (
    <label>
      {label}
      <input
        name={name}
        type={kind === "offset" ? "number" : "datetime-local"}
        min={kind === "offset" ? 0 : undefined}
        step={kind === "time" ? 1 : undefined}
        required
        disabled={disabled}
        value={value.value}
        onInput={(e) => value.value = e.currentTarget.value}
      />
    </label>
  );
}
