/**
 * The disk tier with real clients: 20x max_memory produced through librdkafka (kcat) and read
 * back byte for byte while memory stays under its limit; a broker killed with SIGKILL in
 * durability sync while kafkajs produces, restarted on the same directory: every acknowledged
 * record is back at its offset, none twice, and committed group offsets survive; log compaction
 * seen by a consumer.
 */
import assert from "node:assert/strict";
import { Kafka, logLevel } from "kafkajs";
import { freshStorageDir, withBroker } from "./helpers/broker.ts";
import { kcatConsumeJson, kcatOk } from "./helpers/kcat.ts";
import { waitUntil } from "./helpers/wait_until.ts";
import { startTaskArgs } from "./helpers/start_task.ts";

const MIB = 1024 * 1024;
const main = new URL("../main.ts", import.meta.url).pathname;

Deno.test("spill: 20x max_memory through kcat comes back byte for byte, memory under its limit", async () => {
  await withBroker({ maxMemoryBytes: 4 * MIB, segmentSizeBytes: 256 * 1024 }, async (b) => {
    const store = b.broker.store;
    let peakBytes = 0;
    const sampler = setInterval(() => peakBytes = Math.max(peakBytes, store.pool.usedBytes), 2);
    try {
      const lines: string[] = [];
      let bytes = 0;
      for (let i = 0; bytes < 80 * MIB; i++) {
        const line = `${String(i).padStart(7, "0")}:${"abcdefghij".repeat(100)}${i % 97}`;
        lines.push(line);
        bytes += line.length + 1;
      }
      const input = lines.join("\n") + "\n";
      await kcatOk(b.bootstrap, ["-P", "-t", "big", "-X", "linger.ms=5"], input, 120_000);
      assert.ok(store.diskStats().spilledBytesTotal > 60 * MIB, "most of it went to the WAL");
      const out = await kcatOk(
        b.bootstrap,
        ["-C", "-t", "big", "-o", "beginning", "-e", "-q"],
        "",
        120_000,
      );
      assert.equal(out.text.length, input.length);
      assert.ok(out.text === input, "the consumed stream equals the produced one");
    } finally {
      clearInterval(sampler);
    }
    assert.ok(peakBytes <= store.pool.limitBytes, `peak ${peakBytes} bytes`);
    assert.ok(peakBytes > 0);
  });
});

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** main.ts as a user runs it, on `port`, with `env`; stderr kept for failures. */
function spawnBroker(port: number, env: Record<string, string>): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: startTaskArgs(main),
    env: {
      BROKER_PORTS: String(port),
      REST_PORT: String(freePort()),
      LOG_LEVEL: "warn",
      ...env,
    },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

/** Waits until the broker accepts connections on `port` (it recovers before it listens). */
async function waitForListener(port: number): Promise<void> {
  const deadlineMs = Date.now() + 15_000;
  for (;;) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      if (Date.now() > deadlineMs) throw new Error(`nothing listens on ${port} after 15 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function kafkaAt(port: number): Kafka {
  return new Kafka({
    clientId: "blink-durability-test",
    brokers: [`127.0.0.1:${port}`],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 3000,
    retry: { retries: 0 },
  });
}

for (
  const [durability, when] of [
    ["sync", "while a producer is running: no acknowledged record is lost"],
    ["async", "a wal_sync_interval after the last produce: nothing acknowledged is lost"],
  ] as const
) {
  Deno.test(`${durability} durability: kill -9 ${when}`, async () => {
    const port = freePort();
    const env = {
      DURABILITY: durability,
      RECORD_STORAGE_PATH: freshStorageDir(),
      MAX_MEMORY: "4MiB",
      WAL_SYNC_INTERVAL: "50ms",
    };
    let broker = spawnBroker(port, env);
    try {
      await waitForListener(port);
      const kafka = kafkaAt(port);
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: "acked", numPartitions: 2 }] });
      await admin.setOffsets({
        groupId: "keeper",
        topic: "acked",
        partitions: [{ partition: 1, offset: "7" }],
      });
      await admin.disconnect();

      const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 0 } });
      await producer.connect();
      const acked = new Map<string, { partition: number; offset: number }>();
      let sent = 0;
      let failure: unknown = null;
      const producing = (async () => {
        while (failure === null) {
          const values = Array.from({ length: 5 }, () => `v${sent++}-${"x".repeat(200)}`);
          const partition = sent % 2;
          try {
            const [meta] = await producer.send({
              topic: "acked",
              acks: -1,
              messages: values.map((value) => ({ value, partition })),
            });
            values.forEach((value, i) =>
              acked.set(value, { partition, offset: Number(meta.baseOffset) + i })
            );
          } catch (err) {
            failure = err;
          }
        }
      })();
      await waitUntil(() => acked.size >= 2000 || failure !== null, 30_000, "2000 acks");
      if (durability === "async") {
        // async promises what was produced before the last interval: stop, let it pass, kill.
        failure = "stopped";
        await producing;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      broker.kill("SIGKILL");
      await broker.status;
      await producing;
      await producer.disconnect().catch(() => {});
      assert.ok(acked.size >= 2000, `acknowledged ${acked.size} before the kill`);

      broker = spawnBroker(port, env);
      await waitForListener(port);
      const seen = new Map<string, { partition: number; offset: number }>();
      for (const partition of [0, 1]) {
        for (
          const m of await kcatConsumeJson(`127.0.0.1:${port}`, "acked", partition, "beginning")
        ) {
          assert.ok(!seen.has(m.payload!), `${m.payload!.slice(0, 12)} stored twice`);
          seen.set(m.payload!, { partition, offset: m.offset });
        }
      }
      for (const [value, at] of acked) {
        assert.deepEqual(
          seen.get(value),
          at,
          `acknowledged ${value.slice(0, 12)} at ${JSON.stringify(at)}`,
        );
      }
      const admin2 = new Kafka({
        brokers: [`127.0.0.1:${port}`],
        logLevel: logLevel.NOTHING,
        retry: { retries: 5, initialRetryTime: 100 },
      }).admin();
      await admin2.connect();
      const [offsets] = await admin2.fetchOffsets({ groupId: "keeper", topics: ["acked"] });
      await admin2.disconnect();
      assert.equal(offsets.partitions.find((p) => p.partition === 1)?.offset, "7");
    } finally {
      try {
        broker.kill("SIGKILL");
      } catch { /* already gone */ }
      await broker.status;
      await broker.stderr.cancel().catch(() => {});
    }
  });
}

Deno.test("compaction: a consumer sees the latest value per key, tombstones gone", async () => {
  await withBroker({}, async (b) => {
    const topic = b.broker.createTopic("state", 1, {
      "cleanup.policy": "compact",
      "delete.retention.ms": "0",
    })!;
    const input = ["a:1", "b:1", "c:1", "a:2", "b:2", "a:3"].join("\n") + "\n";
    await kcatOk(b.bootstrap, ["-P", "-t", "state", "-K", ":", "-p", "0"], input);
    // kcat -Z sends an empty value as null: a tombstone for c.
    await kcatOk(b.bootstrap, ["-P", "-t", "state", "-K", ":", "-Z", "-p", "0"], "c:\n");
    await kcatOk(b.bootstrap, ["-P", "-t", "state", "-K", ":", "-p", "0"], "d:1\n");
    const produced = await kcatConsumeJson(b.bootstrap, "state", 0, "beginning");
    assert.equal(produced.length, 8);
    const refused = await kcatOk(
      b.bootstrap,
      ["-P", "-t", "state", "-p", "0", "-X", "message.send.max.retries=0"],
      "no key\n",
    ).catch((err) => err as Error);
    void refused;
    assert.equal(topic.partitions[0].nextOffset, 8, "a record without a key is refused");

    b.broker.compactTopics();
    const kept = await kcatConsumeJson(b.bootstrap, "state", 0, "beginning");
    assert.deepEqual(kept.map((m) => [m.offset, m.key, m.payload]), [
      [4, "b", "2"],
      [5, "a", "3"],
      [7, "d", "1"],
    ]);
    assert.equal(b.broker.compactor.stats.tombstonesRemovedTotal, 1);
    assert.equal(topic.partitions[0].nextOffset, 8, "offsets are unchanged");
    // A consumer positioned in a compacted-away gap gets the next surviving record.
    const fromGap = await kcatConsumeJson(b.bootstrap, "state", 0, "6");
    assert.deepEqual(fromGap.map((m) => m.offset), [7]);
  });
});

Deno.test("compaction: a tombstone stays until delete.retention.ms has passed", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("state", 1, { "cleanup.policy": "compact" });
    await kcatOk(b.bootstrap, ["-P", "-t", "state", "-K", ":", "-p", "0"], "a:1\n");
    await kcatOk(b.bootstrap, ["-P", "-t", "state", "-K", ":", "-Z", "-p", "0"], "a:\n");
    await kcatOk(b.bootstrap, ["-P", "-t", "state", "-K", ":", "-p", "0"], "b:1\n");
    b.broker.compactTopics();
    const kept = await kcatConsumeJson(b.bootstrap, "state", 0, "beginning");
    assert.deepEqual(kept.map((m) => [m.offset, m.key, m.payload]), [[1, "a", null], [
      2,
      "b",
      "1",
    ]]);
  });
});
