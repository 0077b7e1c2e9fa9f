/** Settings: the broker's effective configuration and where each value came from. */
import { api } from "../api.ts";
import { ErrorBox } from "../components/error_box.tsx";
import { formatBytes, formatDuration } from "../format.ts";
import { useResource } from "../use_resource.ts";

const SOURCE_LABEL = { default: "default", file: "settings file", env: "environment" };

/** Settings held as byte counts or milliseconds, shown with a readable figure beside them. */
const BYTE_KEYS = new Set(["max_memory", "segment_size", "max_frame_size"]);
const MS_KEYS = new Set([
  "retention",
  "retention_check_interval",
  "group_initial_rebalance_delay_ms",
]);

function shown(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function readable(key: string, value: unknown): string | null {
  if (typeof value !== "number" || value === 0) return null;
  if (BYTE_KEYS.has(key)) return formatBytes(value);
  if (MS_KEYS.has(key)) return formatDuration(value);
  return null;
}

export function SettingsPage() {
  const settings = useResource(api.settings, null, []);
  const list = settings.data.value;
  return (
    <section class="page">
      <h1>Settings</h1>
      <p class="muted">
        The broker's effective settings: defaults from the embedded settings.yaml, overridden by a
        {" "}
        <code class="nowrap">--settings</code>{" "}
        file, then by environment variables. They apply at start-up.
      </p>
      <div class="card">
        <ErrorBox message={settings.error.value} />
        {list && (
          <div class="table-wrap">
            <table class="stack">
              <thead>
                <tr>
                  <th>Key</th>
                  <th>Value</th>
                  <th>Source</th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.key} data-setting={s.key}>
                    <td class="mono wrap stack-title">{s.key}</td>
                    <td class="mono wrap">
                      {s.value === "" ? <span class="muted">not set</span> : shown(s.value)}
                      {readable(s.key, s.value) && (
                        <span class="muted">{` (${readable(s.key, s.value)})`}</span>
                      )}
                    </td>
                    <td class="source-cell">
                      <span class={`badge badge-${s.source}`}>{SOURCE_LABEL[s.source]}</span>
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
