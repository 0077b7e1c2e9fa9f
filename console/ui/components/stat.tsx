/** A labelled figure in a card: "Messages in/s  1,234". */
import type { ComponentChildren } from "preact";

export function Stat(props: { label: string; value: ComponentChildren; hint?: string }) {
  return (
    <div class="stat">
      <div class="stat-label">{props.label}</div>
      <div class="stat-value">{props.value}</div>
      {props.hint && <div class="stat-hint">{props.hint}</div>}
    </div>
  );
}
