/**
 * The live figures stream (GET /api/events, server-sent events): one `history` event with up to
 * the last 300 seconds on connect, then one `figures` event a second. The charts render from
 * `liveHistory`; EventSource reconnects by itself and the next `history` replaces the buffer.
 */
import { signal } from "@preact/signals";
import type { LiveFigures } from "./types.ts";

/** Seconds of figures kept, as many as the server's LiveFeed keeps. */
export const HISTORY_LENGTH = 300;

export const liveHistory = signal<LiveFigures[]>([]);
export const liveConnected = signal(false);

export function connectLiveFeed(url = "/api/events"): () => void {
  const source = new EventSource(url);
  source.addEventListener("open", () => liveConnected.value = true);
  source.addEventListener("error", () => liveConnected.value = false);
  source.addEventListener("history", (e) => {
    const figures = JSON.parse((e as MessageEvent<string>).data) as LiveFigures[];
    console.assert(Array.isArray(figures), "history event carries an array");
    liveHistory.value = figures.slice(-HISTORY_LENGTH);
  });
  source.addEventListener("figures", (e) => {
    const figures = JSON.parse((e as MessageEvent<string>).data) as LiveFigures;
    const next = liveHistory.value.length >= HISTORY_LENGTH
      ? liveHistory.value.slice(1)
      : liveHistory.value.slice();
    next.push(figures);
    liveHistory.value = next;
  });
  return () => source.close();
}
