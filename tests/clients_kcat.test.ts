/**
 * Integration tests with kcat (librdkafka 2.x) against an in-process broker: the produce and
 * consume scenarios every client shares (record_scenarios.ts), then what only kcat does.
 *
 * kcat cannot create topics, so topics are created on the broker object directly (the same
 * Broker.createTopic that CreateTopics uses). kcat -C is a simple consumer (no group), so these
 * tests do not depend on the group coordinator.
 */
import assert from "node:assert/strict";
import { kcatConsumeArgs, kcatConsumeJson, kcatOk, kcatQueryOffset } from "./helpers/kcat.ts";
import { kcatClient } from "./helpers/kcat_client.ts";
import { newTopic, type RecordScenario, recordTests } from "./helpers/record_client.ts";
import { recordScenarios } from "./helpers/record_scenarios.ts";

const roundTrip: RecordScenario = {
  title: "keys, values, headers, null key, null value and empty value round-trip exactly",
  async run(_client, b) {
    const topic = newTopic(b, "kcat-kv");
    // -Z: an empty key or value is sent as NULL; a line without the -K delimiter has no key.
    await kcatOk(
      b.bootstrap,
      ["-P", "-t", topic, "-p", "0", "-K", ":", "-Z", "-H", "h1=v1", "-H", "empty=", "-H", "nul"],
      "k1:v1\nk2:\n:v3\nno-key\n",
    );
    // Without -Z an empty value stays an empty (non-null) value.
    await kcatOk(b.bootstrap, ["-P", "-t", topic, "-p", "0", "-K", ":"], "k5:\n");
    assert.equal(b.broker.store.partition(topic, 0)?.nextOffset, 5);

    const consumed = await kcatConsumeJson(b.bootstrap, topic, 0, "beginning");
    const headers = ["h1", "v1", "empty", "", "nul", null];
    assert.deepEqual(
      consumed.map((m) => ({
        partition: m.partition,
        offset: m.offset,
        key: m.key,
        payload: m.payload,
        headers: m.headers,
        tstype: m.tstype,
      })),
      [
        { partition: 0, offset: 0, key: "k1", payload: "v1", headers, tstype: "create" },
        { partition: 0, offset: 1, key: "k2", payload: null, headers, tstype: "create" },
        { partition: 0, offset: 2, key: null, payload: "v3", headers, tstype: "create" },
        { partition: 0, offset: 3, key: null, payload: "no-key", headers, tstype: "create" },
        { partition: 0, offset: 4, key: "k5", payload: "", headers: undefined, tstype: "create" },
      ],
    );
  },
};

const bigValue: RecordScenario = {
  title: "a 1 MiB value round-trips byte for byte",
  async run(_client, b) {
    const topic = newTopic(b, "kcat-big");
    const sizeBytes = 1024 * 1024;
    const value = new Uint8Array(sizeBytes);
    for (let i = 0; i < sizeBytes; i++) value[i] = (i * 7 + (i >> 10)) % 256;
    const file = await Deno.makeTempFile({ suffix: ".bin" });
    try {
      await Deno.writeFile(file, value);
      // A file argument is sent as one message; raise librdkafka's 1,000,000-byte default.
      await kcatOk(b.bootstrap, [
        "-P",
        "-t",
        topic,
        "-p",
        "0",
        "-X",
        "message.max.bytes=4194304",
        file,
      ]);
    } finally {
      await Deno.remove(file);
    }
    assert.equal(b.broker.store.partition(topic, 0)?.nextOffset, 1);
    const consumed = await kcatOk(b.bootstrap, [
      ...kcatConsumeArgs(topic, 0, "beginning"),
      "-c",
      "1",
      "-e",
      "-f",
      "%s",
      "-X",
      "fetch.message.max.bytes=4194304",
    ]);
    assert.equal(consumed.stdout.length, sizeBytes);
    assert.deepEqual(consumed.stdout, value);
  },
};

const timestamps: RecordScenario = {
  title: "CreateTime timestamps come back; -Q lists offsets by time, earliest and latest",
  async run(_client, b) {
    const topic = newTopic(b, "kcat-times");
    const beforeMs = Date.now();
    await kcatOk(b.bootstrap, ["-P", "-t", topic, "-p", "0"], "a0\na1\n");
    await new Promise((resolve) => setTimeout(resolve, 50));
    await kcatOk(b.bootstrap, ["-P", "-t", topic, "-p", "0"], "b2\nb3\nb4\n");
    const afterMs = Date.now();

    const consumed = await kcatConsumeJson(b.bootstrap, topic, 0, "beginning");
    assert.deepEqual(consumed.map((m) => m.payload), ["a0", "a1", "b2", "b3", "b4"]);
    const ts = consumed.map((m) => m.ts);
    for (const m of consumed) {
      assert.equal(m.tstype, "create");
      assert(
        m.ts >= beforeMs && m.ts <= afterMs,
        `timestamp ${m.ts} not in [${beforeMs}, ${afterMs}]`,
      );
    }
    assert(ts[1] < ts[2], "the second produce run is later than the first");

    const query = (timestampMs: number) => kcatQueryOffset(b.bootstrap, topic, 0, timestampMs);
    assert.equal(await query(-2), 0);
    assert.equal(await query(-1), 5);
    assert.equal(await query(ts[0]), 0);
    assert.equal(await query(ts[1] + 1), 2);
    assert.equal(await query(ts[4] + 1), -1);
  },
};

const startOffsets: RecordScenario = {
  title: "-o N and -o -N start consuming at exact offsets",
  async run(_client, b) {
    const topic = newTopic(b, "kcat-seek");
    const lines = Array.from({ length: 10 }, (_, i) => `s-${i}\n`).join("");
    await kcatOk(b.bootstrap, ["-P", "-t", topic, "-p", "0"], lines);
    const from = async (offset: string, extra: string[]) =>
      (await kcatOk(b.bootstrap, [...kcatConsumeArgs(topic, 0, offset), ...extra, "-f", "%o:%s\n"]))
        .text;
    assert.equal(await from("4", ["-c", "3"]), "4:s-4\n5:s-5\n6:s-6\n");
    assert.equal(await from("-3", ["-e"]), "7:s-7\n8:s-8\n9:s-9\n");
  },
};

recordTests(kcatClient, [
  ...recordScenarios(kcatClient),
  roundTrip,
  bigValue,
  timestamps,
  startOffsets,
]);
