/** Consumer groups: each group's state, assignor, member count and total lag, refreshed live. */
import { api } from "../api.ts";
import { ErrorBox } from "../components/error_box.tsx";
import { formatCount } from "../format.ts";
import { href } from "../router.ts";
import { useResource } from "../use_resource.ts";

export function GroupsPage() {
  const groups = useResource(api.groups, 2000, []);
  const list = groups.data.value;
  return (
    <section class="page">
      <h1>Consumer groups</h1>
      <div class="card">
        <ErrorBox message={groups.error.value} />
        {list && list.length === 0 && (
          <p class="muted">No consumer groups yet. They appear when a consumer joins or commits.</p>
        )}
        {list && list.length > 0 && (
          <div class="table-wrap">
            <table class="stack">
              <thead>
                <tr>
                  <th>Group</th>
                  <th>State</th>
                  <th>Assignor</th>
                  <th class="num">Members</th>
                  <th class="num">Lag</th>
                </tr>
              </thead>
              <tbody>
                {list.map((g) => (
                  <tr key={g.groupId}>
                    <td class="wrap stack-title">
                      <a href={href({ page: "group", id: g.groupId })}>{g.groupId}</a>
                    </td>
                    <td data-label="state">
                      <span class={`badge state-${g.state.toLowerCase()}`}>{g.state}</span>
                    </td>
                    <td data-label="assignor">
                      {g.protocol || <span class="muted">{g.protocolType || "–"}</span>}
                    </td>
                    <td class="num" data-label="members">{formatCount(g.members)}</td>
                    <td class="num" data-label="lag">{formatCount(g.lag)}</td>
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
