/**
 * Topic configs this broker accepts, with their defaults and what they do here.
 *
 * CreateTopics, AlterConfigs and the console validate against this table; DescribeConfigs lists it.
 * A config not in the table is refused with INVALID_CONFIG rather than silently ignored, so a user
 * never believes a setting is in force when it is not.
 */
import type { Settings } from "./settings/load.ts";

export interface TopicConfigSpec {
  name: string;
  /** The broker-wide default, as Kafka's config string. */
  defaultValue: (settings: Settings) => string;
  /** Returns an explanation when `value` is not allowed. */
  check: (value: string) => string | null;
  doc: string;
}

const integer = (min: number) => (value: string) =>
  /^-?\d+$/.test(value) && Number(value) >= min ? null : `must be an integer >= ${min}`;
const oneOf = (...allowed: string[]) => (value: string) =>
  allowed.includes(value) ? null : `must be one of ${allowed.join(", ")}`;

export const TOPIC_CONFIGS: TopicConfigSpec[] = [
  {
    name: "retention.ms",
    defaultValue: (s) => String(s.retentionMs),
    check: integer(-1),
    doc: "Batches appended longer ago than this are deleted; -1 keeps them.",
  },
  {
    name: "retention.bytes",
    defaultValue: () => "-1",
    check: integer(-1),
    doc: "Oldest batches of a partition are deleted while it holds more than this; -1: no limit.",
  },
  {
    name: "max.message.bytes",
    defaultValue: (s) => String(Math.min(s.maxFrameSizeBytes, 2 ** 31 - 1)),
    check: integer(0),
    doc: "Largest record batch accepted by Produce (MESSAGE_TOO_LARGE above it).",
  },
  {
    name: "cleanup.policy",
    defaultValue: () => "delete",
    check: oneOf("delete", "compact", "compact,delete", "delete,compact"),
    doc:
      "delete: time/size retention. compact: only the latest record per key is kept (compaction_interval).",
  },
  {
    name: "delete.retention.ms",
    defaultValue: () => "86400000",
    check: integer(0),
    doc: "How long tombstones are kept by compaction.",
  },
  {
    name: "min.cleanable.dirty.ratio",
    defaultValue: () => "0.5",
    check: (value) =>
      /^\d*\.?\d+$/.test(value) && Number(value) >= 0 && Number(value) <= 1
        ? null
        : "must be a number from 0 to 1",
    doc:
      "A compacted partition is compacted again once this share of its bytes came since the last time.",
  },
  {
    name: "message.timestamp.type",
    defaultValue: () => "CreateTime",
    check: oneOf("CreateTime"),
    doc: "Batches keep the producer's timestamps (LogAppendTime is not offered).",
  },
  {
    name: "compression.type",
    defaultValue: () => "producer",
    check: oneOf("producer"),
    doc: "Batches are stored as the producer compressed them.",
  },
  {
    name: "min.insync.replicas",
    defaultValue: () => "1",
    check: oneOf("1"),
    doc: "A single broker: always 1.",
  },
  {
    name: "segment.bytes",
    defaultValue: (s) => String(s.segmentSizeBytes),
    check: integer(1),
    doc: "Accepted for compatibility; memory segments are sized by segment_size.",
  },
];

const byName = new Map(TOPIC_CONFIGS.map((c) => [c.name, c]));

export function topicConfigSpec(name: string): TopicConfigSpec | undefined {
  return byName.get(name);
}

/** Returns an explanation for the first config that is unknown or has a bad value. */
export function checkTopicConfigs(configs: Record<string, string>): string | null {
  for (const [name, value] of Object.entries(configs)) {
    const spec = byName.get(name);
    if (!spec) return `unknown topic config "${name}"`;
    const problem = spec.check(value);
    if (problem) return `${name} = "${value}": ${problem}`;
  }
  return null;
}

/** A topic's effective value for `name`: its own config, else the broker default. */
export function effectiveTopicConfig(
  settings: Settings,
  configs: Record<string, string>,
  name: string,
): string {
  const own = configs[name];
  if (own !== undefined) return own;
  const spec = byName.get(name);
  if (!spec) throw new Error(`no topic config ${name}`);
  return spec.defaultValue(settings);
}
