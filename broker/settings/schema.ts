/**
 * The settings table: every key of settings.yaml, the Settings field it fills and the kind of
 * value it takes. Defaults live only in the embedded settings.yaml, not here.
 */
import { boolean, duration, integer, type Kind, listOf, oneOf, size, text } from "./kinds.ts";
import { LOG_LEVELS, type LogLevel } from "./log.ts";
import type { Durability } from "../../storage/tiering.ts";

const DURABILITIES = ["memory", "async", "sync"] as const satisfies readonly Durability[];

export interface Settings {
  brokerPorts: number[];
  kafkaHostname: string;
  bindAddress: string;
  restPort: number;
  maxMemoryBytes: number;
  segmentSizeBytes: number;
  maxFrameSizeBytes: number;
  /** FOREVER_MS (-1) keeps records forever. */
  retentionMs: number;
  purgeOnFetch: boolean;
  prefaultMemory: boolean;
  recordStoragePath: string;
  durability: Durability;
  maxDiskBytes: number;
  walSegmentSizeBytes: number;
  spillHighWaterPercent: number;
  walSyncIntervalMs: number;
  compactionIntervalMs: number;
  defaultPartitions: number;
  autoCreateTopics: boolean;
  enableConsumerGroups: boolean;
  groupInitialRebalanceDelayMs: number;
  pluginPaths: string[];
  logLevel: LogLevel;
  retentionCheckIntervalMs: number;
  consoleToken: string;
}

export interface SettingSpec {
  /** The YAML key, snake_case. */
  key: string;
  /** The environment variable: the key upper-cased. */
  envName: string;
  field: keyof Settings;
  kind: Kind<unknown>;
}

const port = integer(1, 65535);

const TABLE = {
  brokerPorts: { key: "broker_ports", kind: listOf(port, { nonEmpty: true, unique: true }) },
  kafkaHostname: { key: "kafka_hostname", kind: text(false) },
  bindAddress: { key: "bind_address", kind: text(false) },
  restPort: { key: "rest_port", kind: port },
  maxMemoryBytes: { key: "max_memory", kind: size("64KiB") },
  segmentSizeBytes: { key: "segment_size", kind: size("64KiB") },
  // A Kafka frame's size prefix is an int32 (Kafka protocol guide, "Common Request and Response
  // Structure"); 1GiB keeps well inside it.
  maxFrameSizeBytes: { key: "max_frame_size", kind: size("1KiB", "1GiB") },
  retentionMs: { key: "retention", kind: duration(true, "0ms") },
  purgeOnFetch: { key: "purge_on_fetch", kind: boolean },
  prefaultMemory: { key: "prefault_memory", kind: boolean },
  recordStoragePath: { key: "record_storage_path", kind: text(false) },
  durability: { key: "durability", kind: oneOf(DURABILITIES) },
  maxDiskBytes: { key: "max_disk", kind: size("1MiB") },
  walSegmentSizeBytes: { key: "wal_segment_size", kind: size("64KiB", "1GiB") },
  spillHighWaterPercent: { key: "spill_high_water_percent", kind: integer(10, 100) },
  walSyncIntervalMs: { key: "wal_sync_interval", kind: duration(false, "1ms", "1m") },
  compactionIntervalMs: { key: "compaction_interval", kind: duration(false, "10ms", "1d") },
  defaultPartitions: { key: "kafka_cfg_num_partitions", kind: integer(1, 10_000) },
  autoCreateTopics: { key: "auto_create_topics", kind: boolean },
  enableConsumerGroups: { key: "enable_consumer_groups", kind: boolean },
  groupInitialRebalanceDelayMs: {
    key: "group_initial_rebalance_delay_ms",
    kind: integer(0, 600_000),
  },
  pluginPaths: {
    key: "plugin_paths",
    kind: listOf(text(false), { nonEmpty: false, unique: true }),
  },
  logLevel: { key: "log_level", kind: oneOf(LOG_LEVELS) },
  retentionCheckIntervalMs: {
    key: "retention_check_interval",
    kind: duration(false, "10ms", "1d"),
  },
  consoleToken: { key: "console_token", kind: text(true) },
} satisfies { [F in keyof Settings]: { key: string; kind: Kind<Settings[F]> } };

export const SETTING_SPECS: readonly SettingSpec[] = Object.entries(TABLE).map(
  ([field, { key, kind }]) => ({
    key,
    envName: key.toUpperCase(),
    field: field as keyof Settings,
    kind,
  }),
);

export const SETTING_KEYS: ReadonlySet<string> = new Set(SETTING_SPECS.map((spec) => spec.key));
