/**
 * The Prometheus exposition of a running broker: exact counter values after produces and
 * fetches over a raw Kafka connection, retention and purge activity, consumer lag, and
 * `promtool check metrics` (Debian package `prometheus`) finding nothing to complain about.
 */
import assert from "node:assert/strict";
import { FetchRequest, FetchResponse } from "../broker/messages/fetch.ts";
import { ProduceRequest, ProduceResponse } from "../broker/messages/produce.ts";
import { renderPrometheus } from "../console/metrics/prometheus.ts";
import { BLINK_VERSION } from "../broker/version.ts";
import { hasCommand, withBroker } from "./helpers/broker.ts";
import { RawClient } from "./helpers/raw_client.ts";
import { batchOf, fetchRequest, produceRequest } from "./helpers/requests.ts";
import { waitUntil } from "./helpers/wait_until.ts";

async function produce(c: RawClient, topic: string, batch: Uint8Array) {
  const r = await c.request(ProduceRequest, ProduceResponse, 8, produceRequest(topic, 0, batch));
  assert.equal(r.responses[0].partitionResponses[0].errorCode, 0);
}

async function fetchFrom(c: RawClient, topic: string, offset: number) {
  const r = await c.request(FetchRequest, FetchResponse, 11, fetchRequest(topic, 0, offset));
  assert.equal(r.responses[0].partitions[0].errorCode, 0);
}

/** Sample lines by series (`name{labels}` as written) -> value. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

function valueOf(text: string, series: string): number {
  const value = samples(text).get(series);
  assert(value !== undefined, `no sample ${series} in:\n${text}`);
  return value;
}

async function promtoolProblems(text: string): Promise<string> {
  const child = new Deno.Command("promtool", {
    args: ["check", "metrics"],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const { success, stdout, stderr } = await child.output();
  const dec = new TextDecoder();
  const problems = (dec.decode(stdout) + dec.decode(stderr)).trim();
  return success ? problems : `exit failure: ${problems}`;
}

Deno.test("prometheus: exact traffic, request and partition figures after produce and fetch", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("traffic", 1, {});
    const first = batchOf("a", "b", "c");
    const second = batchOf("d", "e");
    const batchBytes = first.length + second.length;
    const c = await RawClient.connect(b.port);
    try {
      await produce(c, "traffic", first);
      await produce(c, "traffic", second);
      // acks=0: no response, the request still counts.
      await c.send(ProduceRequest, 8, produceRequest("traffic", 0, batchOf("f"), 0));
      await waitUntil(() => b.broker.store.partition("traffic", 0)!.nextOffset === 6, 2000, "f");
      await fetchFrom(c, "traffic", 1); // whole batches: all three
      await fetchFrom(c, "traffic", 6); // at the end: nothing returned, nothing counted
      const allBytes = batchBytes + batchOf("f").length;

      const text = renderPrometheus(b.broker);
      const v = (series: string) => valueOf(text, series);
      assert.equal(v('blink_requests_total{api="Produce"}'), 3);
      assert.equal(v('blink_requests_total{api="Fetch"}'), 2);
      assert.equal(v('blink_requests_total{api="Metadata"}'), 0);
      assert.equal(v('blink_request_duration_seconds_count{api="Produce"}'), 3);
      assert.equal(v('blink_request_duration_seconds_bucket{api="Produce",le="+Inf"}'), 3);
      assert(v('blink_request_duration_seconds_sum{api="Produce"}') > 0);
      assert.equal(v('blink_messages_in_total{topic="traffic"}'), 6);
      assert.equal(v('blink_bytes_in_total{topic="traffic"}'), allBytes);
      assert.equal(v('blink_messages_out_total{topic="traffic"}'), 6);
      assert.equal(v('blink_bytes_out_total{topic="traffic"}'), allBytes);
      assert.equal(v("blink_connections"), 1);
      assert.equal(v('blink_partition_log_start_offset{topic="traffic",partition="0"}'), 0);
      assert.equal(v('blink_partition_log_end_offset{topic="traffic",partition="0"}'), 6);
      assert.equal(v('blink_partition_size_bytes{topic="traffic",partition="0"}'), allBytes);
      assert.equal(v("blink_in_memory_queue_size_bytes"), allBytes);
      assert.equal(v("blink_memory_pool_limit_bytes"), b.broker.store.pool.limitBytes);
      assert.equal(v("blink_memory_pool_used_bytes"), b.broker.settings.segmentSizeBytes);
      assert.equal(v("blink_retention_freed_bytes_total"), 0);
      assert.equal(v("blink_purged_bytes_total"), 0);
      assert.equal(v(`blink_build_info{version="${BLINK_VERSION}"}`), 1);
      const startS = v("process_start_time_seconds");
      assert(startS > 1.6e9 && startS <= Date.now() / 1000, `process start ${startS}`);
      assert.deepEqual(b.broker.metrics.totals(), {
        messagesIn: 6,
        bytesIn: allBytes,
        messagesOut: 6,
        bytesOut: allBytes,
        retentionFreedBytes: 0,
        purgedBytes: 0,
      });
    } finally {
      c.close();
    }
    await waitUntil(() => b.broker.metrics.connections === 0, 2000, "connection closed");
    assert.equal(valueOf(renderPrometheus(b.broker), "blink_connections"), 0);
  });
});

Deno.test("prometheus: retention and purge_on_fetch free bytes, counted once", async () => {
  await withBroker({ purgeOnFetch: true }, async (b) => {
    b.broker.createTopic("purged", 1, {});
    b.broker.createTopic("trimmed", 1, { "retention.bytes": "0" });
    const purgedBatch = batchOf("one", "two");
    const trimmedBatch = batchOf("three");
    const c = await RawClient.connect(b.port);
    try {
      await produce(c, "purged", purgedBatch);
      await produce(c, "trimmed", trimmedBatch);
      await fetchFrom(c, "purged", 0);
    } finally {
      c.close();
    }
    // Group-aware purge: a commit drops what every consuming group has committed past.
    b.broker.createTopic("committed", 1, {});
    const committedBatch = batchOf("x", "y");
    const c2 = await RawClient.connect(b.port);
    try {
      await produce(c2, "committed", committedBatch);
    } finally {
      c2.close();
    }
    b.broker.groups.offsets.commit("g", "committed", 0, {
      offset: 2,
      leaderEpoch: -1,
      metadata: null,
      commitTimestampMs: 0,
    });
    b.broker.onOffsetsCommitted("g");
    b.broker.enforceRetention();
    b.broker.enforceRetention(); // nothing left to free: no double count
    const text = renderPrometheus(b.broker);
    assert.equal(
      valueOf(text, "blink_purged_bytes_total"),
      purgedBatch.length + committedBatch.length,
    );
    assert.equal(valueOf(text, "blink_retention_freed_bytes_total"), trimmedBatch.length);
    assert.equal(
      valueOf(text, 'blink_partition_log_start_offset{topic="purged",partition="0"}'),
      2,
    );
    assert.equal(valueOf(text, 'blink_partition_size_bytes{topic="trimmed",partition="0"}'), 0);
    assert.equal(valueOf(text, "blink_in_memory_queue_size_bytes"), 0);
  });
});

Deno.test("prometheus: consumer lag per committed partition, group ids escaped", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("lagging", 2, {});
    const c = await RawClient.connect(b.port);
    try {
      await produce(c, "lagging", batchOf("a", "b", "c", "d"));
    } finally {
      c.close();
    }
    const offsets = b.broker.groups.offsets;
    const committed = (offset: number) => ({
      offset,
      leaderEpoch: -1,
      metadata: null,
      commitTimestampMs: 0,
    });
    offsets.commit('odd "group"\n\\', "lagging", 0, committed(1));
    offsets.commit("plain", "lagging", 0, committed(4));
    offsets.commit("plain", "lagging", 1, committed(0));
    offsets.commit("plain", "gone", 0, committed(3)); // no such partition: no series
    const text = renderPrometheus(b.broker);
    assert.equal(
      valueOf(
        text,
        'blink_consumer_group_lag{group="odd \\"group\\"\\n\\\\",topic="lagging",partition="0"}',
      ),
      3,
    );
    assert.equal(
      valueOf(text, 'blink_consumer_group_lag{group="plain",topic="lagging",partition="0"}'),
      0,
    );
    assert.equal(
      valueOf(text, 'blink_consumer_group_lag{group="plain",topic="lagging",partition="1"}'),
      0,
    );
    assert(!text.includes('topic="gone"'));
  });
});

Deno.test({
  name: "prometheus: promtool check metrics finds nothing to complain about",
  ignore: !hasCommand("promtool"),
  fn: async () => {
    await withBroker({}, async (b) => {
      b.broker.createTopic("linted", 3, {});
      const c = await RawClient.connect(b.port);
      try {
        await produce(c, "linted", batchOf("x", "y"));
        await fetchFrom(c, "linted", 0);
        b.broker.groups.offsets.commit('quote"d\ngroup', "linted", 0, {
          offset: 1,
          leaderEpoch: -1,
          metadata: null,
          commitTimestampMs: 0,
        });
        const text = renderPrometheus(b.broker);
        assert.equal(await promtoolProblems(text), "");
        // Every family has HELP and TYPE.
        const helped = text.match(/^# HELP \S+/gm)!.map((l) => l.slice(7));
        const typed = text.match(/^# TYPE \S+/gm)!.map((l) => l.slice(7));
        assert.deepEqual(helped, typed);
        for (const name of samples(text).keys()) {
          const family = name.replace(/\{.*$/, "").replace(/_(bucket|sum|count)$/, "");
          assert(
            typed.includes(family) || typed.includes(name.replace(/\{.*$/, "")),
            `${name} has no TYPE`,
          );
        }
      } finally {
        c.close();
      }
    });
  },
});
