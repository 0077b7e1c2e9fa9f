/**
 * A hook that loads one API resource, optionally refreshing it every `refreshMs` while the tab is
 * visible. Timed refreshes never pile up behind a slow server, and an older answer never
 * overwrites a newer one.
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";

export interface Resource<T> {
  data: Signal<T | undefined>;
  error: Signal<string | null>;
  /** Loads now (after an edit); resolves once this load's answer is in. */
  reload(): Promise<void>;
}

export function useResource<T>(
  load: () => Promise<T>,
  refreshMs: number | null,
  deps: unknown[],
): Resource<T> {
  const data = useSignal<T | undefined>(undefined);
  const error = useSignal<string | null>(null);
  const reload = useRef<() => Promise<void>>(() => Promise.resolve());

  useEffect(() => {
    let active = true;
    let started = 0;
    let applied = 0;
    let inFlight = 0;
    data.value = undefined;
    error.value = null;
    const loadOnce = () => {
      const n = ++started;
      inFlight++;
      const apply = (fn: () => void) => {
        if (!active || n < applied) return;
        applied = n;
        fn();
      };
      return load().then(
        (value) =>
          apply(() => {
            data.value = value;
            error.value = null;
          }),
        (err: unknown) =>
          apply(() => error.value = err instanceof Error ? err.message : String(err)),
      ).finally(() => inFlight--);
    };
    reload.current = loadOnce;
    loadOnce();
    const timer = refreshMs === null ? undefined : setInterval(() => {
      if (!document.hidden && inFlight === 0) loadOnce();
    }, refreshMs);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, deps);

  return { data, error, reload: () => reload.current() };
}
