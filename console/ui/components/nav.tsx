/**
 * The page menu: a sidebar on wide screens, a bar across the top on phones (the CSS decides).
 * Shows whether the live figures stream is connected.
 */
import { liveConnected } from "../live_feed.ts";
import { href, type Route, route } from "../router.ts";

const ITEMS: { label: string; target: Route; matches: Route["page"][] }[] = [
  { label: "Overview", target: { page: "overview" }, matches: ["overview"] },
  { label: "Topics", target: { page: "topics" }, matches: ["topics", "topic"] },
  { label: "Groups", target: { page: "groups" }, matches: ["groups", "group"] },
  { label: "Storage", target: { page: "memory" }, matches: ["memory"] },
  { label: "Settings", target: { page: "settings" }, matches: ["settings"] },
];

export function Nav() {
  const current = route.value.page;
  return (
    <header class="nav">
      <a class="brand" href={href({ page: "overview" })}>
        <span class="brand-mark" aria-hidden="true">◆</span> Blink
      </a>
      <nav aria-label="pages">
        {ITEMS.map((item) => (
          <a
            key={item.label}
            href={href(item.target)}
            aria-current={item.matches.includes(current) ? "page" : undefined}
          >
            {item.label}
          </a>
        ))}
      </nav>
      <div class={`live ${liveConnected.value ? "live-on" : "live-off"}`}>
        <span class="live-dot" aria-hidden="true" />
        {liveConnected.value ? "live" : "offline"}
      </div>
    </header>
  );
}
