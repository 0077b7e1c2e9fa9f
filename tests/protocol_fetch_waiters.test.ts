import assert from "node:assert/strict";
import FakeTimers from "@sinonjs/fake-timers";
import { FetchWaiters } from "../broker/fetch_waiters.ts";
import type { PartitionLog } from "../storage/partition_log.ts";

/** Logs are only map keys to FetchWaiters. */
const logA = { name: "a" } as unknown as PartitionLog;
const logB = { name: "b" } as unknown as PartitionLog;

type Clock = ReturnType<typeof FakeTimers.install>;

function withClock(fn: (clock: Clock, w: FetchWaiters) => void): void {
  const clock = FakeTimers.install({ toFake: ["setTimeout", "clearTimeout"] });
  const waiters = new FetchWaiters(() => clock.now);
  try {
    fn(clock, waiters);
  } finally {
    waiters.close();
    clock.uninstall();
  }
}

Deno.test("a parked fetch is answered inside the append that makes it ready", () => {
  withClock((_clock, waiters) => {
    let ready = false;
    const done: string[] = [];
    waiters.wait([logA, logB], 500, new AbortController().signal, () => ready, () => {
      done.push("fetch");
    });
    assert.equal(waiters.parkedCount, 1);
    waiters.notify(logA);
    assert.deepEqual(done, [], "not ready: still parked");
    ready = true;
    waiters.notify(logB);
    assert.deepEqual(done, ["fetch"]);
    waiters.notify(logA);
    assert.deepEqual(done, ["fetch"], "answered once");
    assert.equal(waiters.parkedCount, 0);
  });
});

Deno.test("each parked fetch times out at its own max wait, whatever the order they came in", () => {
  withClock((clock, waiters) => {
    const done: [string, number][] = [];
    const signal = new AbortController().signal;
    for (const [name, maxWaitMs] of [["slow", 900], ["fast", 100], ["mid", 500]] as const) {
      waiters.wait([logA], maxWaitMs, signal, () => false, () => done.push([name, clock.now]));
    }
    // One that leaves early must not disturb the others' deadlines.
    let early = false;
    waiters.wait([logB], 50, signal, () => early, () => done.push(["early", clock.now]));
    clock.tick(10);
    early = true;
    waiters.notify(logB);
    clock.tick(2000);
    assert.deepEqual(done, [["early", 10], ["fast", 100], ["mid", 500], ["slow", 900]]);
    assert.equal(waiters.parkedCount, 0);
  });
});

Deno.test("a closed connection answers only its own parked fetches", () => {
  withClock((clock, waiters) => {
    const closing = new AbortController();
    const other = new AbortController();
    const done: string[] = [];
    waiters.wait([logA], 500, closing.signal, () => false, () => done.push("closing-1"));
    waiters.wait([logB], 500, closing.signal, () => false, () => done.push("closing-2"));
    waiters.wait([logA], 500, other.signal, () => false, () => done.push("other"));
    closing.abort();
    assert.deepEqual(done.sort(), ["closing-1", "closing-2"]);
    assert.equal(waiters.parkedCount, 1);
    clock.tick(500);
    assert.deepEqual(done.sort(), ["closing-1", "closing-2", "other"]);
    let late = false;
    waiters.wait([logA], 500, closing.signal, () => false, () => late = true);
    assert.ok(late, "a fetch on an already closed connection is answered at once");
  });
});

Deno.test("many fetches answered early leave the next one's deadline intact", () => {
  withClock((clock, waiters) => {
    const signal = new AbortController().signal;
    let answered = 0;
    // An idle consumer's fetch with an earlier deadline keeps the others below it in the heap.
    let idleAnswered = false;
    waiters.wait([logB], 10_000, signal, () => false, () => idleAnswered = true);
    // A consumer that gets each record by a woken fetch, 5000 times over 5 s.
    for (let i = 0; i < 5000; i++) {
      let ready = false;
      waiters.wait([logA], 30_000, signal, () => ready, () => answered++);
      clock.tick(1);
      ready = true;
      waiters.notify(logA);
    }
    assert.equal(answered, 5000);
    assert.ok(waiters.heldCount <= 2 + 1024, `heap holds ${waiters.heldCount} waiters`);
    clock.tick(5000);
    assert.ok(idleAnswered, "the idle fetch timed out at 10 s");
    let timedOutAt = -1;
    const parkedAt = clock.now;
    waiters.wait([logA], 250, signal, () => false, () => timedOutAt = clock.now);
    clock.tick(249);
    assert.equal(timedOutAt, -1);
    clock.tick(1);
    assert.equal(timedOutAt - parkedAt, 250);
  });
});

Deno.test("closing the waiters answers every parked fetch and leaves no timer", () => {
  const waiters = new FetchWaiters();
  let answered = 0;
  for (let i = 0; i < 3; i++) {
    waiters.wait([logA], 60_000, new AbortController().signal, () => false, () => answered++);
  }
  waiters.close();
  assert.equal(answered, 3);
  assert.equal(waiters.parkedCount, 0);
  // Deno's test sanitizer fails this test if a timer were still armed.
});
