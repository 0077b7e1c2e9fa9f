/**
 * Long-poll fetches parked on partitions, woken by appends.
 *
 * A Fetch that finds less than `min_bytes` registers a waiter on each partition it reads; every
 * append to one of them re-checks the waiter's condition, so a consumer gets a new record as soon
 * as it is stored, not when `max_wait_ms` runs out. The wait is bounded by `max_wait_ms` and ends
 * when the connection closes.
 *
 * A consumer parks a fetch for nearly every record it gets, so parking is on the latency path:
 * a timer and an abort listener per waiter cost more than the rest of the fetch. Deadlines are
 * kept in a min-heap served by one timer, which is re-armed only when a new deadline is earlier
 * than the armed one, and left armed when waiters leave early (it then finds nothing due and
 * re-arms for the next deadline). Each connection's signal gets one listener, for all its waiters.
 */
import assert from "node:assert/strict";
import type { PartitionLog } from "../storage/partition_log.ts";

/** Finished waiters the heap may hold beyond twice the live ones before it is rebuilt. */
const HEAP_SLACK = 1024;

interface Waiter {
  readonly logs: PartitionLog[];
  readonly deadlineMs: number;
  readonly signal: AbortSignal;
  readonly ready: () => boolean;
  readonly done: () => void;
  finished: boolean;
}

export class FetchWaiters {
  private readonly byLog = new Map<PartitionLog, Set<Waiter>>();
  private readonly bySignal = new Map<AbortSignal, Set<Waiter>>();
  /** Min-heap on deadlineMs; holds finished waiters until they reach the top. */
  private readonly deadlines: Waiter[] = [];
  private liveCount = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAtMs = Infinity;
  private closed = false;

  constructor(private readonly nowMs: () => number = () => performance.now()) {}

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
    if (this.closed || signal.aborted) {
      done();
      return;
    }
    const w: Waiter = {
      logs,
      deadlineMs: this.nowMs() + Math.max(0, maxWaitMs),
      signal,
      ready,
      done,
      finished: false,
    };
    this.liveCount++;
    for (const log of logs) {
      let set = this.byLog.get(log);
      if (!set) this.byLog.set(log, set = new Set());
      set.add(w);
    }
    let onSignal = this.bySignal.get(signal);
    if (!onSignal) {
      const waiters = onSignal = new Set();
      this.bySignal.set(signal, waiters);
      signal.addEventListener("abort", () => {
        this.bySignal.delete(signal);
        for (const aborted of [...waiters]) this.finish(aborted);
      }, { once: true });
    }
    onSignal.add(w);
    this.push(w);
    if (w.deadlineMs < this.timerAtMs) this.arm(w.deadlineMs);
  }

  /** Called after every append to `log`. */
  notify(log: PartitionLog): void {
    const set = this.byLog.get(log);
    if (!set) return;
    // No copy of the set: deleting the waiter being visited is safe while iterating a Set.
    for (const w of set) {
      if (!w.finished && w.ready()) this.finish(w);
    }
  }

  get parkedCount(): number {
    return this.liveCount;
  }

  /** Waiters the deadline heap holds: the parked ones and finished ones not yet dropped. */
  get heldCount(): number {
    return this.deadlines.length;
  }

  /** Answers every parked fetch now (as if its wait ran out) and stops the timer. */
  close(): void {
    this.closed = true;
    for (const w of [...this.deadlines]) this.finish(w);
    this.deadlines.length = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAtMs = Infinity;
  }

  private finish(w: Waiter): void {
    if (w.finished) return;
    w.finished = true;
    this.liveCount--;
    for (const log of w.logs) {
      const set = this.byLog.get(log);
      set?.delete(w);
      if (set && set.size === 0) this.byLog.delete(log);
    }
    const onSignal = this.bySignal.get(w.signal);
    onSignal?.delete(w);
    // Finished waiters at the top of the heap go now; deeper ones when they reach the top, or
    // all at once when they outnumber the live ones, so the heap stays within a bound.
    while (this.deadlines.length > 0 && this.deadlines[0].finished) this.pop();
    if (this.deadlines.length > 2 * this.liveCount + HEAP_SLACK) this.rebuild();
    w.done();
  }

  private arm(atMs: number): void {
    clearTimeout(this.timer);
    this.timerAtMs = atMs;
    // Rounded up: a timer that fires before the deadline would only re-arm.
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(atMs - this.nowMs())));
  }

  private expire(): void {
    this.timer = undefined;
    this.timerAtMs = Infinity;
    const now = this.nowMs();
    while (this.deadlines.length > 0) {
      const top = this.deadlines[0];
      if (top.finished) {
        this.pop();
      } else if (top.deadlineMs <= now) {
        this.pop();
        this.finish(top);
      } else {
        break;
      }
    }
    if (this.deadlines.length > 0) this.arm(this.deadlines[0].deadlineMs);
    assert(this.liveCount >= 0 && this.liveCount <= this.deadlines.length, "waiter count");
  }

  private rebuild(): void {
    const live = this.deadlines.filter((w) => !w.finished);
    this.deadlines.length = 0;
    for (const w of live) this.push(w);
  }

  private push(w: Waiter): void {
    const heap = this.deadlines;
    let i = heap.length;
    heap.push(w);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].deadlineMs <= w.deadlineMs) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = w;
  }

  private pop(): void {
    const heap = this.deadlines;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    while (true) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right].deadlineMs < heap[left].deadlineMs
        ? right
        : left;
      if (heap[child].deadlineMs >= last.deadlineMs) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = last;
  }
}
