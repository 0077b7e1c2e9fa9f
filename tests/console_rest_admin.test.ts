/**
 * Blink's REST admin endpoints (/metrics, /prometheus, /version, /dump, /allocated, /purge),
 * the method check on every console endpoint (405 with Allow), and the console's listener in
 * startBlink: a busy rest_port stops start-up, stop() frees the port.
 */
import assert from "node:assert/strict";
import { startBlink } from "../main.ts";
import { testSettings, uniqueTopic, withBroker } from "./helpers/broker.ts";
import { ConsoleHttp, ENDPOINT_METHODS } from "./helpers/console_http.ts";
import { SETTING_SPECS } from "../broker/settings/schema.ts";
import { createLogger } from "../broker/settings/log.ts";
import { crc32cBackend } from "../broker/records/crc32c.ts";
import { BLINK_VERSION } from "../broker/version.ts";

const ALL_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

Deno.test("every endpoint answers a method it does not serve with 405 and Allow", () =>
  withBroker({}, async (b) => {
    const http = new ConsoleHttp(b.restPort);
    for (const [path, allowed] of ENDPOINT_METHODS) {
      for (const method of ALL_METHODS.filter((m) => !allowed.includes(m))) {
        const r = await http.call(method, path);
        assert.equal(r.status, 405, `${method} ${path}: ${r.text}`);
        assert.equal(r.headers.get("allow"), allowed.join(", "), `${method} ${path}`);
        assert.equal(
          r.json.error,
          `${method} is not allowed on ${path}; use ${allowed.join(", ")}`,
        );
      }
    }
    assert.equal(b.broker.store.topic("some-topic"), undefined, "nothing was created");
    const unknown = await http.get("/no/such/thing");
    assert.deepEqual([unknown.status, unknown.json], [404, {
      error: "nothing at GET /no/such/thing",
    }]);
  }));

Deno.test("GET /metrics and /prometheus serve the Prometheus text with the traffic", () =>
  withBroker({}, async (b) => {
    const http = new ConsoleHttp(b.restPort);
    const topic = uniqueTopic("prom");
    b.broker.createTopic(topic, 1, {});
    await http.post("/produce", { topic, value: "a" });
    await http.post("/produce", { topic, value: "b" });
    for (const path of ["/metrics", "/prometheus"]) {
      const r = await http.get(path);
      assert.equal(r.status, 200);
      assert.equal(r.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
      const lines = r.text.split("\n");
      assert.ok(lines.includes(`blink_messages_in_total{topic="${topic}"} 2`), r.text);
      assert.ok(lines.includes(`blink_partition_log_end_offset{topic="${topic}",partition="0"} 2`));
      assert.ok(
        lines.includes(
          `blink_build_info{version="${BLINK_VERSION}",crc32c="${crc32cBackend.name}"} 1`,
        ),
      );
    }
  }));

Deno.test("GET /version: name, version and every effective setting by its YAML key", () =>
  withBroker({ retentionMs: 60_000 }, async (b) => {
    const r = await new ConsoleHttp(b.restPort).get("/version");
    assert.equal(r.status, 200);
    assert.equal(r.json.name, "blink-deno");
    assert.equal(r.json.version, BLINK_VERSION);
    const s = b.broker.settings;
    assert.deepEqual(Object.keys(r.json.settings), SETTING_SPECS.map((spec) => spec.key));
    for (const spec of SETTING_SPECS) {
      assert.deepEqual(r.json.settings[spec.key], s[spec.field], spec.key);
    }
    assert.equal(r.json.settings.retention, 60_000);
    assert.equal(r.json.settings.console_token, "");
  }));

Deno.test("GET /dump and GET /allocated report the storage exactly", () =>
  withBroker({}, async (b) => {
    const http = new ConsoleHttp(b.restPort);
    const topic = uniqueTopic("dump");
    const created = b.broker.createTopic(topic, 2, { "retention.ms": "60000" })!;
    await http.post("/produce", { topic, partition: 1, value: "one" });
    await http.post("/produce", { topic, partition: 1, value: "two" });
    const log = b.broker.store.partition(topic, 1)!;
    const pool = b.broker.store.pool;
    const poolFigures = {
      usedBytes: pool.segmentSizeBytes,
      limitBytes: 256 * 1024 * 1024,
      freeSegments: pool.segmentCount - 1,
      segmentSizeBytes: 1024 * 1024,
      segmentCount: 256,
      committedBytes: pool.segmentSizeBytes,
      highWaterMarkBytes: Math.floor(256 * 1024 * 1024 * 0.8),
    };
    assert.deepEqual((await http.get("/allocated")).json, poolFigures);
    const dump = await http.get("/dump");
    assert.deepEqual(dump.json, {
      pool: poolFigures,
      topics: [{
        name: topic,
        id: created.id,
        createdAtMs: created.createdAtMs,
        configs: { "retention.ms": "60000" },
        partitions: [
          {
            index: 0,
            logStartOffset: 0,
            nextOffset: 0,
            sizeBytes: 0,
            batchCount: 0,
            spilledBatches: 0,
            spilledBytes: 0,
          },
          {
            index: 1,
            logStartOffset: 0,
            nextOffset: 2,
            sizeBytes: log.sizeBytes,
            batchCount: 2,
            spilledBatches: 0,
            spilledBytes: 0,
          },
        ],
      }],
    });
    assert.ok(log.sizeBytes > 2 * 61, "two batches with their headers");
  }));

Deno.test("POST /purge runs retention now and answers the bytes it freed", () =>
  withBroker({ retentionCheckIntervalMs: 24 * 3600 * 1000 }, async (b) => {
    const http = new ConsoleHttp(b.restPort);
    const expiring = uniqueTopic("expiring");
    const kept = uniqueTopic("kept");
    b.broker.createTopic(expiring, 1, { "retention.ms": "1" });
    b.broker.createTopic(kept, 1, {});
    for (const topic of [expiring, expiring, kept]) {
      await http.post("/produce", { topic, value: "v" });
    }
    const heldBytes = b.broker.store.partition(expiring, 0)!.sizeBytes;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const r = await http.post("/purge");
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { freedBytes: heldBytes });
    const log = b.broker.store.partition(expiring, 0)!;
    assert.deepEqual([log.logStartOffset, log.nextOffset, log.sizeBytes], [2, 2, 0]);
    assert.equal(b.broker.store.partition(kept, 0)!.nextOffset, 1);
    assert.deepEqual((await http.post("/purge")).json, { freedBytes: 0 });
  }));

Deno.test("startBlink refuses a busy rest_port, releasing the Kafka port; stop() frees the console", async () => {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const kafkaPort = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const busyPort = (busy.addr as Deno.NetAddr).port;
  try {
    const settings = testSettings({ brokerPorts: [kafkaPort], restPort: busyPort });
    assert.throws(() => startBlink(settings, createLogger("error")), Deno.errors.AddrInUse);
  } finally {
    busy.close();
  }
  // The refused start let go of its Kafka port (the listener closes as the event loop turns).
  await new Promise((resolve) => setTimeout(resolve, 0));
  const running = startBlink(
    testSettings({ brokerPorts: [kafkaPort], restPort: busyPort }),
    createLogger("error"),
  );
  assert.deepEqual([running.kafkaPorts, running.restPort], [[kafkaPort], busyPort]);
  assert.equal((await new ConsoleHttp(busyPort).get("/version")).status, 200);
  await running.stop();
  await assert.rejects(() => fetch(`http://127.0.0.1:${busyPort}/version`));
});
