/**
 * One topic: its partitions with start/end offsets and sizes (refreshed live), its configs, the
 * message browser and the produce form.
 */
import { useSignal } from "@preact/signals";
import { api } from "../api.ts";
import { ConfirmButton } from "../components/confirm_button.tsx";
import { ErrorBox } from "../components/error_box.tsx";
import { formatBytes, formatCount } from "../format.ts";
import { href, navigate } from "../router.ts";
import { useResource } from "../use_resource.ts";
import { MessageBrowser } from "./message_browser.tsx";
import { ProduceForm } from "./produce_form.tsx";
import type { TopicDetail } from "../types.ts";

export function TopicPage(props: { name: string }) {
  const topic = useResource(() => api.topic(props.name), 2000, [props.name]);
  /** Bumped after a produce so the browser shows the new message. */
  const produced = useSignal(0);
  const t = topic.data.value;

  return (
    <section class="page">
      <p class="crumbs">
        <a href={href({ page: "topics" })}>Topics</a> /
      </p>
      <div class="title-row">
        <h1 class="wrap">{props.name}</h1>
        <ConfirmButton
          label="Delete topic"
          question={`Delete topic "${props.name}" and all its messages?`}
          confirmLabel="Delete topic"
          onConfirm={async () => {
            await api.deleteTopic(props.name);
            navigate({ page: "topics" });
          }}
        />
      </div>
      <ErrorBox message={topic.error.value} />
      {t && <Partitions topic={t} />}
      {t && (
        <MessageBrowser
          key={t.name}
          topic={t.name}
          partitions={t.partitions.length}
          refresh={produced.value}
        />
      )}
      {t && (
        <ProduceForm
          topic={t.name}
          partitions={t.partitions.length}
          onProduced={async () => {
            produced.value++;
            await topic.reload();
          }}
        />
      )}
      {t && <Configs topic={t} />}
    </section>
  );
}

function Partitions(props: { topic: TopicDetail }) {
  const { topic } = props;
  return (
    <div class="card">
      <h2>Partitions</h2>
      <p class="muted mono wrap">id {topic.id}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th class="num">Partition</th>
              <th class="num">Start offset</th>
              <th class="num">End offset</th>
              <th class="num">Messages</th>
              <th class="num">Size</th>
              <th class="num">Batches</th>
            </tr>
          </thead>
          <tbody>
            {topic.partitions.map((p) => (
              <tr key={p.index}>
                <td class="num">{p.index}</td>
                <td class="num">{formatCount(p.logStartOffset)}</td>
                <td class="num">{formatCount(p.nextOffset)}</td>
                <td class="num">{formatCount(p.messages)}</td>
                <td class="num">{formatBytes(p.sizeBytes)}</td>
                <td class="num">{formatCount(p.batchCount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Configs(props: { topic: TopicDetail }) {
  return (
    <details class="card">
      <summary>
        <h2>Configuration</h2>
      </summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Config</th>
              <th>Value</th>
              <th>Source</th>
            </tr>
          </thead>
          <tbody>
            {props.topic.configs.map((c) => (
              <tr key={c.name} title={c.doc}>
                <td class="mono">{c.name}</td>
                <td class="mono wrap">{c.value}</td>
                <td>
                  <span class={`badge badge-${c.source}`}>{c.source}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
