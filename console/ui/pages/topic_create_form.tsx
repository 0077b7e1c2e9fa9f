/** The create-topic form: name, partitions, retention.ms and cleanup.policy. */
import { useSignal } from "@preact/signals";
import { api } from "../api.ts";
import { ErrorBox } from "../components/error_box.tsx";
import { href } from "../router.ts";

export function TopicCreateForm(props: { onCreated: () => Promise<void> }) {
  const name = useSignal("");
  const partitions = useSignal("1");
  const retentionMs = useSignal("");
  const cleanupPolicy = useSignal("delete");
  const error = useSignal<string | null>(null);
  const created = useSignal<string | null>(null);
  const busy = useSignal(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    error.value = null;
    created.value = null;
    const configs: Record<string, string> = { "cleanup.policy": cleanupPolicy.value };
    if (retentionMs.value.trim() !== "") configs["retention.ms"] = retentionMs.value.trim();
    try {
      const topic = await api.createTopic({
        name: name.value.trim(),
        partitions: Number(partitions.value),
        configs,
      });
      created.value = topic.name;
      name.value = "";
      await props.onCreated();
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err);
    } finally {
      busy.value = false;
    }
  };

  return (
    <form class="card form" onSubmit={submit} aria-label="create topic">
      <h2>Create a topic</h2>
      <div class="fields">
        <label class="grow">
          Name
          <input
            name="name"
            required
            maxLength={249}
            pattern="[a-zA-Z0-9._\-]+"
            title="letters, digits, '.', '_' and '-'"
            value={name.value}
            onInput={(e) => name.value = e.currentTarget.value}
          />
        </label>
        <label>
          Partitions
          <input
            name="partitions"
            type="number"
            min={1}
            max={10000}
            required
            value={partitions.value}
            onInput={(e) => partitions.value = e.currentTarget.value}
          />
        </label>
        <label>
          retention.ms
          <input
            name="retention.ms"
            type="number"
            min={-1}
            placeholder="default"
            value={retentionMs.value}
            onInput={(e) => retentionMs.value = e.currentTarget.value}
          />
        </label>
        <label>
          cleanup.policy
          <select
            name="cleanup.policy"
            value={cleanupPolicy.value}
            onChange={(e) => cleanupPolicy.value = e.currentTarget.value}
          >
            <option value="delete">delete</option>
            <option value="compact">compact</option>
            <option value="compact,delete">compact,delete</option>
          </select>
        </label>
        <button type="submit" class="primary" disabled={busy.value}>Create</button>
      </div>
      <ErrorBox message={error.value} />
      {created.value && (
        <p class="ok" role="status">
          Created <a href={href({ page: "topic", name: created.value })}>{created.value}</a>.
        </p>
      )}
    </form>
  );
}
