/**
 * End-to-end latency at a fixed rate: one producer sends single messages (acks=1, not awaited)
 * at `ratePerSec` to partition 0 while a consumer long-polls that partition with Fetch
 * (max wait 500 ms, min bytes 1), so each message reaches it only as fast as the broker wakes
 * the parked fetch on append. Latency = consumer receive time - produce call time, both from
 * `performance.now()` in this process; the value carries the sequence and send time.
 *
 * A warm-up at the same rate must arrive completely before measuring, as in the yardstick's
 * kbench `e2e`. Deno timers fire with ~2 ms granularity, so the sender catches up in small
 * bursts; the rate is exact on average and `senderMaxLagUs` says how late a send was.
 */
import assert from "node:assert/strict";
import type { Buffer } from "node:buffer";
import { type BenchConsumer, type BenchProducer, type CreatedTopic, fetchOnce } from "./client.ts";
import { delay, within } from "./deadline.ts";
import { readStamp, stampedValue } from "./payloads.ts";

/** librdkafka's fetch.wait.max.ms default: a broker that is not woken by appends shows it. */
const FETCH_WAIT_MS = 500;
const WARMUP_ARRIVAL_LIMIT_MS = 15_000;
const DRAIN_LIMIT_MS = 10_000;
const POLL_MS = 5;

export interface EndToEndSpec {
  ratePerSec: number;
  seconds: number;
  warmupSeconds: number;
  valueBytes: number;
}

export interface EndToEndRun {
  sent: number;
  lost: number;
  rateAchieved: number;
  senderMaxLagUs: number;
  /** Latency of each measured message that arrived, in microseconds. */
  samplesUs: Float64Array;
}

/** Sends `count` messages at `ratePerSec`; returns the achieved rate and the worst lateness. */
async function paced(
  count: number,
  ratePerSec: number,
  send: (index: number) => void,
): Promise<{ elapsedMs: number; maxLagMs: number }> {
  const intervalMs = 1000 / ratePerSec;
  const startMs = performance.now();
  let maxLagMs = 0;
  for (let i = 0; i < count;) {
    const targetMs = startMs + i * intervalMs;
    const nowMs = performance.now();
    if (nowMs < targetMs) {
      await delay(targetMs - nowMs);
      continue;
    }
    maxLagMs = Math.max(maxLagMs, nowMs - targetMs);
    send(i++);
  }
  return { elapsedMs: performance.now() - startMs, maxLagMs };
}

/** Polls `condition` every few ms; false when it still fails after `limitMs`. */
async function waitUntil(condition: () => boolean, limitMs: number): Promise<boolean> {
  const endMs = performance.now() + limitMs;
  while (!condition()) {
    if (performance.now() > endMs) return false;
    await delay(POLL_MS);
  }
  return true;
}

export async function endToEnd(
  producer: BenchProducer,
  consumer: BenchConsumer,
  topic: CreatedTopic,
  spec: EndToEndSpec,
): Promise<EndToEndRun> {
  const measured = Math.round(spec.ratePerSec * spec.seconds);
  const warmups = Math.max(10, Math.round(spec.ratePerSec * spec.warmupSeconds));
  const samplesUs = new Float64Array(measured);
  const seen = new Uint8Array(measured);
  let received = 0;
  let warmupsReceived = 0;
  let duplicates = 0;

  const onRecord = (_partition: number, _offset: bigint, value: Buffer) => {
    const nowMs = performance.now();
    const { sequence, sentAtMs } = readStamp(value);
    if (sequence < 0) {
      warmupsReceived++;
    } else if (seen[sequence]) {
      duplicates++;
    } else {
      seen[sequence] = 1;
      samplesUs[sequence] = (nowMs - sentAtMs) * 1000;
      received++;
    }
  };
  // The topic is new, so its end is offset 0: the consumer starts there.
  const positions = new Map<number, bigint>([[0, 0n]]);
  let consuming = true;
  const consumerLoop = (async () => {
    while (consuming) await fetchOnce(consumer, topic, positions, FETCH_WAIT_MS, onRecord);
  })();
  // Stops the wait below as soon as the consumer fails, instead of at its time limit.
  const watched = <T>(work: Promise<T>) => Promise.race([work, consumerLoop.then(() => work)]);

  let acked = 0;
  let sent = 0;
  const failures: unknown[] = [];
  const sendStamped = (sequence: number) => {
    const value = stampedValue(spec.valueBytes, sequence, performance.now());
    sent++;
    producer.send({ messages: [{ topic: topic.name, partition: 0, value }] })
      .then(() => acked++, (err) => failures.push(err));
  };
  const allAcked = () => acked + failures.length === sent;

  try {
    await watched(paced(warmups, spec.ratePerSec, (i) => sendStamped(-1 - i)));
    if (!await watched(waitUntil(() => warmupsReceived >= warmups, WARMUP_ARRIVAL_LIMIT_MS))) {
      throw new Error(
        `e2e warm-up: the consumer saw ${warmupsReceived} of ${warmups} messages ` +
          `within ${WARMUP_ARRIVAL_LIMIT_MS} ms`,
      );
    }
    const run = await watched(paced(measured, spec.ratePerSec, (i) => sendStamped(i)));
    if (!await waitUntil(allAcked, DRAIN_LIMIT_MS)) {
      throw new Error(`e2e: ${sent - acked} sends unanswered after ${DRAIN_LIMIT_MS} ms`);
    }
    if (failures.length > 0) {
      throw new Error(`e2e: ${failures.length} sends failed: ${failures[0]}`);
    }
    await watched(waitUntil(() => received >= measured, DRAIN_LIMIT_MS));
    assert.equal(duplicates, 0, "no message arrives twice");
    return {
      sent: measured,
      lost: measured - received,
      rateAchieved: measured / (run.elapsedMs / 1000),
      senderMaxLagUs: run.maxLagMs * 1000,
      samplesUs: samplesUs.filter((_, i) => seen[i] === 1),
    };
  } finally {
    consuming = false;
    await within(consumerLoop, FETCH_WAIT_MS + DRAIN_LIMIT_MS, "e2e consumer stop");
  }
}
