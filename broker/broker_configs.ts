/**
 * The broker's configuration as Kafka tools ask for it (DescribeConfigs on a BROKER resource):
 * Kafka's names where a setting means the same thing, `blink.*` names for the rest. Every value
 * is read from the effective settings, so what tools show is what is in force.
 */
import type { Settings } from "./settings/load.ts";

/** DescribeConfigs config_type numbers (KIP-569). */
export const ConfigType = { BOOLEAN: 1, STRING: 2, INT: 3, LONG: 5, LIST: 7 } as const;

export interface BrokerConfigEntry {
  name: string;
  value: string;
  type: number;
  doc: string;
}

/** `boundPorts`: the ports the listeners really hold (a configured 0 becomes a free port). */
export function brokerConfigs(s: Settings, boundPorts: number[]): BrokerConfigEntry[] {
  const listeners = boundPorts.map((p) => `PLAINTEXT://${s.bindAddress}:${p}`).join(",");
  const advertised = boundPorts.map((p) => `PLAINTEXT://${s.kafkaHostname}:${p}`).join(",");
  return [
    { name: "broker.id", value: "0", type: ConfigType.INT, doc: "The only broker's id." },
    {
      name: "listeners",
      value: listeners,
      type: ConfigType.LIST,
      doc: "bind_address and broker_ports.",
    },
    {
      name: "advertised.listeners",
      value: advertised,
      type: ConfigType.LIST,
      doc: "kafka_hostname on each listener; Metadata answers with the port the client used.",
    },
    {
      name: "num.partitions",
      value: String(s.defaultPartitions),
      type: ConfigType.INT,
      doc: "Partitions of auto-created topics (kafka_cfg_num_partitions).",
    },
    {
      name: "auto.create.topics.enable",
      value: String(s.autoCreateTopics),
      type: ConfigType.BOOLEAN,
      doc: "Metadata and Produce create unknown topics (auto_create_topics).",
    },
    {
      name: "log.retention.ms",
      value: String(s.retentionMs),
      type: ConfigType.LONG,
      doc: "Default time retention (retention).",
    },
    {
      name: "socket.request.max.bytes",
      value: String(s.maxFrameSizeBytes),
      type: ConfigType.INT,
      doc: "Largest request frame (max_frame_size).",
    },
    {
      name: "message.max.bytes",
      value: String(Math.min(s.maxFrameSizeBytes, 2 ** 31 - 1)),
      type: ConfigType.INT,
      doc: "Default max.message.bytes of topics.",
    },
    {
      name: "group.initial.rebalance.delay.ms",
      value: String(s.groupInitialRebalanceDelayMs),
      type: ConfigType.INT,
      doc: "Delay before a new group's first rebalance.",
    },
    {
      name: "default.replication.factor",
      value: "1",
      type: ConfigType.INT,
      doc: "A single broker.",
    },
    {
      name: "blink.max.memory.bytes",
      value: String(s.maxMemoryBytes),
      type: ConfigType.LONG,
      doc: "Memory pool size (max_memory).",
    },
    {
      name: "blink.segment.size.bytes",
      value: String(s.segmentSizeBytes),
      type: ConfigType.INT,
      doc: "Memory segment size (segment_size).",
    },
    {
      name: "blink.purge.on.fetch",
      value: String(s.purgeOnFetch),
      type: ConfigType.BOOLEAN,
      doc: "Fetched batches are dropped (purge_on_fetch).",
    },
    {
      name: "blink.enable.consumer.groups",
      value: String(s.enableConsumerGroups),
      type: ConfigType.BOOLEAN,
      doc: "Group APIs served (enable_consumer_groups).",
    },
  ];
}
