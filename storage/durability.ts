/**
 * DurabilitySync: when the WAL and the meta journal reach the disk, per durability mode.
 *
 * - async: every `syncIntervalMs` the WAL's buffer is written and both files are fsynced (a kill
 *   -9 loses what was buffered, at most one interval; a power loss what was not yet fsynced).
 * - sync: `whenDurable()` resolves once everything appended before the call is fsynced. Group
 *   commit: one fsync runs at a time, and every produce that arrives while it runs waits for the
 *   next one, which then covers all of them.
 */
import type { MetaJournal } from "./meta_journal.ts";
import type { Wal } from "./wal/wal.ts";

export class DurabilitySync {
  fsyncsTotal = 0;
  lastFsyncDurationMs = 0;
  private readonly wal: Wal;
  private readonly meta: MetaJournal;
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | null = null;
  /** Waiters for the fsync after the running one. */
  private next:
    | { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void }
    | null = null;
  private onError: (err: unknown) => void;

  constructor(wal: Wal, meta: MetaJournal, onError: (err: unknown) => void) {
    this.wal = wal;
    this.meta = meta;
    this.onError = onError;
  }

  /** async mode: flush and fsync every interval. */
  startInterval(syncIntervalMs: number): void {
    this.timer = setInterval(() => {
      this.whenDurable().catch(this.onError);
    }, syncIntervalMs);
  }

  /** Resolves once everything written before this call is on the disk. */
  whenDurable(): Promise<void> {
    if (this.running === null) return this.runSync();
    if (this.next === null) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      this.next = { promise, resolve, reject };
    }
    return this.next.promise;
  }

  /** Stops the interval; the owner flushes and closes the files. */
  stop(): void {
    clearInterval(this.timer);
  }

  /** Resolves once no fsync is running (shutdown waits for it before closing files). */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running.catch(() => {});
  }

  private runSync(): Promise<void> {
    const startedMs = performance.now();
    const run = (async () => {
      this.wal.flush();
      await Promise.all([this.wal.syncData(), this.meta.syncData()]);
    })();
    this.running = run.finally(() => {
      this.fsyncsTotal++;
      this.lastFsyncDurationMs = performance.now() - startedMs;
      this.running = null;
      const waiting = this.next;
      this.next = null;
      if (waiting) this.runSync().then(waiting.resolve, waiting.reject);
    });
    return run;
  }
}
