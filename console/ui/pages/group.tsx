/**
 * One consumer group, refreshed every second: state, assignor, generation, members with their
 * assignments, committed offsets with lag per partition; reset offsets and delete when empty.
 */
import { api } from "../api.ts";
import { ConfirmButton } from "../components/confirm_button.tsx";
import { ErrorBox } from "../components/error_box.tsx";
import { formatCount } from "../format.ts";
import { href, navigate } from "../router.ts";
import type { GroupDetail } from "../types.ts";
import { useResource } from "../use_resource.ts";
import { OffsetResetForm } from "./offset_reset_form.tsx";

export function GroupPage(props: { id: string }) {
  const group = useResource(() => api.group(props.id), 1000, [props.id]);
  const g = group.data.value;
  const busy = (g?.members.length ?? 0) > 0;
  return (
    <section class="page">
      <p class="crumbs">
        <a href={href({ page: "groups" })}>Consumer groups</a> /
      </p>
      <div class="title-row">
        <h1 class="wrap">{props.id}</h1>
        <ConfirmButton
          label="Delete group"
          question={`Delete consumer group "${props.id}" and its committed offsets?`}
          confirmLabel="Delete group"
          disabled={busy}
          title={busy ? "only a group without members can be deleted" : undefined}
          onConfirm={async () => {
            await api.deleteGroup(props.id);
            navigate({ page: "groups" });
          }}
        />
      </div>
      <ErrorBox message={group.error.value} />
      {g && <Summary group={g} />}
      {g && <Members group={g} />}
      {g && <Offsets group={g} />}
      {g && (
        <OffsetResetForm
          groupId={g.groupId}
          topics={[...new Set(g.offsets.map((o) => o.topic))]}
          disabled={busy}
          onReset={group.reload}
        />
      )}
    </section>
  );
}

function Summary(props: { group: GroupDetail }) {
  const g = props.group;
  const lag = g.offsets.reduce((sum, o) => sum + Math.max(0, o.lag), 0);
  return (
    <div class="card">
      <dl class="facts">
        <dt>State</dt>
        <dd>
          <span class={`badge state-${g.state.toLowerCase()}`}>{g.state}</span>
        </dd>
        <dt>Assignor</dt>
        <dd>{g.protocol || "–"}</dd>
        <dt>Protocol type</dt>
        <dd>{g.protocolType || "–"}</dd>
        <dt>Generation</dt>
        <dd>{g.generationId}</dd>
        <dt>Leader</dt>
        <dd class="mono wrap">{g.leaderId || "–"}</dd>
        <dt>Total lag</dt>
        <dd>{formatCount(lag)}</dd>
      </dl>
    </div>
  );
}

function Members(props: { group: GroupDetail }) {
  const members = props.group.members;
  return (
    <div class="card">
      <h2>Members ({members.length})</h2>
      {members.length === 0 && <p class="muted">No active members.</p>}
      {members.length > 0 && (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th>Member</th>
                <th>Client</th>
                <th>Host</th>
                <th>Assignment</th>
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.memberId}>
                  <td class="mono wrap stack-title">
                    {m.memberId}
                    {m.groupInstanceId && <div class="muted">static: {m.groupInstanceId}</div>}
                  </td>
                  <td class="wrap" data-label="client">{m.clientId}</td>
                  <td class="mono" data-label="host">{m.clientHost}</td>
                  <td class="wrap" data-label="assignment">
                    {m.assignment.length === 0 && <span class="muted">none</span>}
                    {m.assignment.map((a) => (
                      <div key={a.topic}>
                        {a.topic}: <span class="mono">{a.partitions.join(", ")}</span>
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Offsets(props: { group: GroupDetail }) {
  const offsets = props.group.offsets;
  return (
    <div class="card">
      <h2>Committed offsets</h2>
      {offsets.length === 0 && <p class="muted">Nothing committed.</p>}
      {offsets.length > 0 && (
        <div class="table-wrap">
          <table class="stack">
            <thead>
              <tr>
                <th>Topic</th>
                <th class="num">Partition</th>
                <th class="num">Committed</th>
                <th class="num">End offset</th>
                <th class="num">Lag</th>
              </tr>
            </thead>
            <tbody>
              {offsets.map((o) => (
                <tr key={`${o.topic}:${o.partition}`}>
                  <td class="wrap stack-title">
                    <a href={href({ page: "topic", name: o.topic })}>{o.topic}</a>
                  </td>
                  <td class="num" data-label="partition">{o.partition}</td>
                  <td class="num" data-label="committed">{formatCount(o.committedOffset)}</td>
                  <td class="num" data-label="end offset">{formatCount(o.logEndOffset)}</td>
                  <td class={`num ${o.lag > 0 ? "lagging" : ""}`} data-label="lag">
                    {formatCount(o.lag)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
