/** Test helper: kcat (librdkafka 2.x on the command line) as a RecordClient. */
import assert from "node:assert/strict";
import { hasCommand } from "./broker.ts";
import { kcat, kcatConsumeArgs, kcatConsumeJson, kcatOk, kcatQueryOffset } from "./kcat.ts";
import type { ProduceOptions, RecordClient, TextMessage } from "./record_client.ts";

/** The key delimiter of produced lines: a line without it has no key. */
const KEY_DELIMITER = "\t";

/** kcat -P arguments for one topic and partition (none: the partitioner picks). */
function produceArgs(topic: string, partition: number | undefined, opts: ProduceOptions) {
  return [
    "-P",
    "-t",
    topic,
    ...(partition === undefined ? [] : ["-p", String(partition)]),
    "-K",
    KEY_DELIMITER,
    ...(opts.codec ? ["-z", opts.codec] : []),
    ...(opts.lingerMs !== undefined ? ["-X", `linger.ms=${opts.lingerMs}`] : []),
  ];
}

/** "key<TAB>value" lines, or "value" for a message without a key. */
function produceLines(messages: TextMessage[]): string {
  return messages.map((m) => {
    assert(!m.value.includes("\n") && !m.value.includes(KEY_DELIMITER), "one line per value");
    return m.key === null ? `${m.value}\n` : `${m.key}${KEY_DELIMITER}${m.value}\n`;
  }).join("");
}

/** Messages grouped by topic and partition, each group in send order. */
function byPartition(messages: TextMessage[]): TextMessage[][] {
  const groups = new Map<string, TextMessage[]>();
  for (const m of messages) {
    const key = JSON.stringify([m.topic, m.partition ?? null]);
    groups.set(key, [...groups.get(key) ?? [], m]);
  }
  return [...groups.values()];
}

export const kcatClient: RecordClient = {
  name: "kcat",
  missing: !hasCommand("kcat"),
  codecs: ["gzip", "snappy", "lz4", "zstd"],
  failures: {
    offsetOutOfRange: /Broker: Offset out of range/,
    unknownTopic: /^Broker: Unknown topic or partition$/,
  },

  async produce(b, messages, opts = {}) {
    // One kcat -P per partition, all at once; kcat exits 0 only when every message was delivered.
    await Promise.all(
      byPartition(messages).map((group) =>
        kcatOk(
          b.bootstrap,
          produceArgs(group[0].topic, group[0].partition, opts),
          produceLines(group),
        )
      ),
    );
  },

  async consume(b, topic, partitions, from) {
    // One run reads every partition when more than one is asked for.
    const only = partitions.length === 1 ? partitions[0] : null;
    const consumed = await kcatConsumeJson(b.bootstrap, topic, only, String(from));
    return consumed
      .filter((m) => partitions.includes(m.partition))
      .map((m) => ({ partition: m.partition, offset: m.offset, key: m.key, value: m.payload }));
  },

  async watermarks(b, topic, partition) {
    return [
      await kcatQueryOffset(b.bootstrap, topic, partition, -2),
      await kcatQueryOffset(b.bootstrap, topic, partition, -1),
    ];
  },

  async consumeRefused(b, topic, partition, offset) {
    const r = await kcat(b.bootstrap, [
      ...kcatConsumeArgs(topic, partition, String(offset)),
      "-e",
      "-X",
      "auto.offset.reset=error",
    ]);
    assert.equal(r.code, 1);
    assert.equal(r.text, "");
    return [r.stderr];
  },

  async produceRefused(b, messages) {
    const [group, ...others] = byPartition(messages);
    assert.equal(others.length, 0, "one topic and partition");
    const r = await kcat(b.bootstrap, [
      ...produceArgs(group[0].topic, group[0].partition, {}),
      // librdkafka fails messages for a topic the broker reports unknown after this long.
      "-X",
      "topic.metadata.propagation.max.ms=1000",
      "-X",
      "message.timeout.ms=10000",
    ], produceLines(group));
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 1);
    return [...r.stderr.matchAll(/Delivery failed for message: (.*)/g)].map((m) => m[1]);
  },
};
