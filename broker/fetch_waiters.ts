/**
 * Long-poll fetches parked on partitions, woken by appends.
 *
 * A Fetch that finds less than `min_bytes` registers a waiter on each partition it reads; every
 * append to one of them re-checks the waiter's condition, so a consumer gets a new record as soon
 * as it is stored, not when `max_wait_ms` runs out. The wait is bounded by `max_wait_ms` and ends
 * when the connection closes.
 */
import type { PartitionLog } from "../storage/partition_log.ts";

type Waiter = () => void;

export class FetchWaiters {
  private readonly byLog = new Map<PartitionLog, Set<Waiter>>();

  /**
   * Calls `done` once: synchronously inside the `notify` that makes `ready()` true, or after
   * `maxWaitMs`, or when `signal` aborts.
   */
  wait(
    logs: PartitionLog[],
    maxWaitMs: number,
    signal: AbortSignal,
    ready: () => boolean,
    done: () => void,
  ): void {
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      signal.removeEventListener("abort", finish);
      for (const log of logs) {
        const set = this.byLog.get(log);
        set?.delete(check);
        if (set && set.size === 0) this.byLog.delete(log);
      }
      done();
    };
    const check = () => {
      if (ready()) finish();
    };
    const timer = setTimeout(finish, Math.max(0, maxWaitMs));
    signal.addEventListener("abort", finish);
    for (const log of logs) {
      let set = this.byLog.get(log);
      if (!set) this.byLog.set(log, set = new Set());
      set.add(check);
    }
  }

  /** Called after every append to `log`. */
  notify(log: PartitionLog): void {
    const set = this.byLog.get(log);
    if (!set) return;
    for (const check of [...set]) check();
  }

  get parkedCount(): number {
    let n = 0;
    for (const set of this.byLog.values()) n += set.size;
    return n;
  }
}
