/**
 * Hash routing (#/topics/orders): the server serves one index.html, so every page lives behind
 * the hash. `route` is a signal the app renders from; `href` builds links.
 */
import { signal } from "@preact/signals";

export type Route =
  | { page: "overview" }
  | { page: "topics" }
  | { page: "topic"; name: string }
  | { page: "groups" }
  | { page: "group"; id: string }
  | { page: "memory" }
  | { page: "settings" }
  | { page: "missing"; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, "") || "/";
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: "overview" };
  const [first, second] = parts;
  if (parts.length === 1 && (first === "topics" || first === "groups")) return { page: first };
  if (parts.length === 1 && (first === "memory" || first === "settings")) return { page: first };
  // The storage page lives at #/memory (its first name); #/storage opens it too.
  if (parts.length === 1 && first === "storage") return { page: "memory" };
  if (parts.length === 2 && first === "topics") return { page: "topic", name: second };
  if (parts.length === 2 && first === "groups") return { page: "group", id: second };
  return { page: "missing", path };
}

export function href(r: Route): string {
  switch (r.page) {
    case "overview":
      return "#/";
    case "topic":
      return `#/topics/${encodeURIComponent(r.name)}`;
    case "group":
      return `#/groups/${encodeURIComponent(r.id)}`;
    case "missing":
      return `#${r.path}`;
    default:
      return `#/${r.page}`;
  }
}

export const route = signal<Route>(parseRoute(location.hash));

/** Keeps `route` in step with the address bar. */
export function startRouter(): void {
  addEventListener("hashchange", () => route.value = parseRoute(location.hash));
}

export function navigate(r: Route): void {
  location.hash = href(r);
}
