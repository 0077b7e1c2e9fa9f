/** Topics: every topic with partitions, messages, bytes and retention; create and delete. */
import { api } from "../api.ts";
import { ConfirmButton } from "../components/confirm_button.tsx";
import { ErrorBox } from "../components/error_box.tsx";
import { formatBytes, formatCount, formatDuration } from "../format.ts";
import { href } from "../router.ts";
import { useResource } from "../use_resource.ts";
import { TopicCreateForm } from "./topic_create_form.tsx";

export function TopicsPage() {
  const topics = useResource(api.topics, 2000, []);
  const list = topics.data.value;
  return (
    <section class="page">
      <h1>Topics</h1>
      <TopicCreateForm onCreated={topics.reload} />
      <div class="card">
        <h2>All topics {list && <span class="muted">({list.length})</span>}</h2>
        <ErrorBox message={topics.error.value} />
        {list && list.length === 0 && <p class="muted">No topics yet.</p>}
        {list && list.length > 0 && (
          <div class="table-wrap">
            <table class="stack">
              <thead>
                <tr>
                  <th>Name</th>
                  <th class="num">Partitions</th>
                  <th class="num">Messages</th>
                  <th class="num">Bytes</th>
                  <th>Retention</th>
                  <th>Cleanup</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((t) => (
                  <tr key={t.name} data-topic={t.name}>
                    <td class="wrap stack-title">
                      <a href={href({ page: "topic", name: t.name })}>{t.name}</a>
                    </td>
                    <td class="num" data-label="partitions">{formatCount(t.partitions)}</td>
                    <td class="num" data-label="messages">{formatCount(t.messages)}</td>
                    <td class="num" data-label="bytes">{formatBytes(t.bytes)}</td>
                    <td data-label="retention">{formatDuration(t.retentionMs)}</td>
                    <td data-label="cleanup">{t.cleanupPolicy}</td>
                    <td class="actions-cell">
                      <ConfirmButton
                        label="Delete"
                        question={`Delete topic "${t.name}" and all its messages?`}
                        confirmLabel="Delete topic"
                        onConfirm={async () => {
                          await api.deleteTopic(t.name);
                          await topics.reload();
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
