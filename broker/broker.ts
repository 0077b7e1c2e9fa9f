/**
 * The broker's shared state: settings, the log store, topic management, producer state and the
 * handler table. Handlers, the connection server and the console all use this one object, so there
 * is a single source of truth.
 */
import type { ApiHandler } from "./api.ts";
import { maxVersionOf, minVersionOf } from "./api.ts";
import type { ApiVersionRange } from "./messages/api_versions.ts";
import { ErrorCode, KafkaError } from "./protocol/errors.ts";
import { randomUuid } from "./protocol/schema.ts";
import { Compactor } from "./compaction.ts";
import { FetchWaiters } from "./fetch_waiters.ts";
import { GroupCoordinator } from "./groups/coordinator.ts";
import { BrokerMetrics } from "./metrics.ts";
import { ProducerState } from "./producer_state.ts";
import type { Logger } from "./settings/log.ts";
import type { Settings } from "./settings/load.ts";
import { checkTopicConfigs, effectiveTopicConfig } from "./topic_configs.ts";
import { hasCleanupPolicy, type LogStore, type Topic } from "../storage/log_store.ts";
import type { PartitionLog } from "../storage/partition_log.ts";
import type { BatchHeader } from "./records/batch_header.ts";

export const NODE_ID = 0;
const MAX_TOPIC_NAME_LENGTH = 249;
const MAX_PARTITIONS = 10_000;
/**
 * Session timeouts a group member may ask for. Kafka's defaults are 6 s to 30 min
 * (group.min/max.session.timeout.ms); the floor here is 1 s so development setups and tests
 * can detect dead consumers quickly.
 */
export const MIN_SESSION_TIMEOUT_MS = 1000;
export const MAX_SESSION_TIMEOUT_MS = 30 * 60 * 1000;

export interface BrokerOptions {
  settings: Settings;
  store: LogStore;
  log: Logger;
  handlers: ApiHandler[];
  /** Wall clock in ms; injectable for tests. */
  clock?: () => number;
}

export class Broker {
  readonly settings: Settings;
  readonly store: LogStore;
  readonly log: Logger;
  readonly handlers = new Map<number, ApiHandler>();
  readonly producers = new ProducerState();
  readonly waiters = new FetchWaiters();
  readonly groups: GroupCoordinator;
  /** Request, traffic and memory-activity counters (the console and Prometheus read them). */
  readonly metrics: BrokerMetrics;
  readonly clusterId = randomUuid();
  readonly now: () => number;
  readonly compactor: Compactor;
  /** The Kafka ports the listeners hold, set once they are bound. */
  boundPorts: number[] = [];

  constructor(opts: BrokerOptions) {
    this.settings = opts.settings;
    this.store = opts.store;
    this.log = opts.log;
    this.now = opts.clock ?? Date.now;
    this.groups = new GroupCoordinator({
      initialRebalanceDelayMs: opts.settings.groupInitialRebalanceDelayMs,
      minSessionTimeoutMs: MIN_SESSION_TIMEOUT_MS,
      maxSessionTimeoutMs: MAX_SESSION_TIMEOUT_MS,
      now: () => this.now(),
      log: opts.log,
    });
    this.compactor = new Compactor(opts.log);
    for (const b of opts.store.recovery?.producerBatches ?? []) {
      this.producers.restoreAppend(
        b.producerId,
        b.producerEpoch,
        b.topic,
        b.partition,
        b.baseSequence,
        b.recordCount,
        b.baseOffset,
      );
    }
    const meta = opts.store.meta;
    if (meta) {
      this.groups.offsets.restore(meta.state.offsets);
      this.groups.offsets.onChange = (change) => meta.record(change);
    }
    for (const h of opts.handlers) {
      if (this.handlers.has(h.key)) throw new Error(`two handlers for api key ${h.key}`);
      this.handlers.set(h.key, h);
    }
    const apiNames = new Map([...this.handlers.values()].map((h) => [h.key, h.name]));
    this.metrics = new BrokerMetrics(apiNames, this.now());
  }

  /** Exactly the APIs and versions the handler table serves now (for ApiVersions). */
  apiVersionRanges(): ApiVersionRange[] {
    const out: ApiVersionRange[] = [];
    for (const h of this.handlers.values()) {
      if (h.advertised && !h.advertised(this)) continue;
      out.push({ apiKey: h.key, minVersion: minVersionOf(h), maxVersion: maxVersionOf(h) });
    }
    return out.sort((a, b) => a.apiKey - b.apiKey);
  }

  /** Why `name` cannot be a topic name, or null (Kafka's rules: [a-zA-Z0-9._-], 1..249 chars). */
  static topicNameProblem(name: string | null): string | null {
    if (!name) return "topic name is empty";
    if (name === "." || name === "..") return `topic name "${name}" is not allowed`;
    if (name.length > MAX_TOPIC_NAME_LENGTH) {
      return `topic name is longer than ${MAX_TOPIC_NAME_LENGTH} characters`;
    }
    if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
      return `topic name "${name}" may only contain letters, digits, '.', '_' and '-'`;
    }
    return null;
  }

  /**
   * Creates a topic after checking name, partition count and configs; throws KafkaError with the
   * code CreateTopics returns. `validateOnly` checks without creating.
   */
  createTopic(
    name: string,
    partitionCount: number,
    configs: Record<string, string>,
    validateOnly = false,
  ): Topic | null {
    const nameProblem = Broker.topicNameProblem(name);
    if (nameProblem) throw new KafkaError(ErrorCode.INVALID_TOPIC_EXCEPTION, nameProblem);
    if (this.store.topic(name)) {
      throw new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS, `topic "${name}" already exists`);
    }
    if (
      !Number.isInteger(partitionCount) || partitionCount < 1 || partitionCount > MAX_PARTITIONS
    ) {
      throw new KafkaError(
        ErrorCode.INVALID_PARTITIONS,
        `partition count ${partitionCount} must be between 1 and ${MAX_PARTITIONS}`,
      );
    }
    const configProblem = checkTopicConfigs(configs);
    if (configProblem) throw new KafkaError(ErrorCode.INVALID_CONFIG, configProblem);
    if (validateOnly) return null;
    const topic = this.store.createTopic(name, randomUuid(), partitionCount, configs, this.now());
    this.log.info("topic created", { topic: name, partitions: partitionCount });
    return topic;
  }

  /** The topic, auto-created with the default partition count when allowed; else undefined. */
  topicForProduceOrMetadata(name: string): Topic | undefined {
    const existing = this.store.topic(name);
    if (existing || !this.settings.autoCreateTopics) return existing;
    if (Broker.topicNameProblem(name)) return undefined;
    return this.createTopic(name, this.settings.defaultPartitions, {}) ?? undefined;
  }

  /**
   * Stores one validated batch and wakes the fetches parked on its partition. Throws
   * MemoryFullError (nothing stored) when the pool has no room.
   */
  appendBatch(log: PartitionLog, bytes: Uint8Array, header: BatchHeader): number {
    const baseOffset = log.append(
      bytes,
      { lastOffsetDelta: header.lastOffsetDelta, maxTimestampMs: header.maxTimestamp },
      this.now(),
    );
    this.waiters.notify(log);
    return baseOffset;
  }

  deleteTopic(name: string): boolean {
    const deleted = this.store.deleteTopic(name);
    if (deleted) {
      this.producers.forgetTopic(name);
      this.groups.forgetTopic(name);
      this.metrics.forgetTopic(name);
      this.log.info("topic deleted", { topic: name });
    }
    return deleted;
  }

  /**
   * Time retention (`retention` / `retention.ms`) and size retention (`retention.bytes`) on every
   * partition; returns the bytes freed.
   */
  enforceRetention(): number {
    let freedBytes = this.store.enforceRetention(this.now());
    for (const topic of this.store.topics()) {
      if (!hasCleanupPolicy(topic, "delete")) continue;
      const limitBytes = Number(this.topicConfig(topic, "retention.bytes"));
      if (limitBytes < 0) continue;
      for (const log of topic.partitions) freedBytes += log.trimToSize(limitBytes);
    }
    this.metrics.retentionFreed(freedBytes);
    return freedBytes;
  }

  /** Compacts the topics whose cleanup.policy includes compact (the compaction timer runs it). */
  compactTopics(): void {
    this.compactor.run(
      this.store.topics(),
      (topic, name) => this.topicConfig(topic, name),
      this.now(),
    );
  }

  /** Groups that consume `topic`: they committed offsets for it or their members subscribe. */
  groupsConsuming(topic: string): string[] {
    const ids = new Set(this.groups.offsets.groupsOf(topic));
    for (const groupId of this.groups.groups.keys()) {
      if (this.groups.subscribedTopics(groupId).has(topic)) ids.add(groupId);
    }
    return [...ids];
  }

  /**
   * Group-aware purge_on_fetch: after a group commits, each partition of the topics it
   * committed for drops the batches every consuming group has committed past.
   */
  onOffsetsCommitted(groupId: string): void {
    if (!this.settings.purgeOnFetch) return;
    for (const topicName of this.groups.offsets.ofGroup(groupId).keys()) {
      const topic = this.store.topic(topicName);
      if (!topic) continue;
      const groupIds = this.groupsConsuming(topicName);
      for (const log of topic.partitions) {
        let upTo = Infinity;
        for (const id of groupIds) {
          upTo = Math.min(
            upTo,
            this.groups.offsets.get(id, topicName, log.partition)?.offset ?? -1,
          );
        }
        if (upTo > log.logStartOffset && upTo <= log.nextOffset) this.purgeBefore(log, upTo);
      }
    }
  }

  /** purge_on_fetch: drops the batches of `log` below `offset` and counts the bytes freed. */
  purgeBefore(log: PartitionLog, offset: number): void {
    const heldBytes = log.sizeBytes;
    log.deleteBefore(offset);
    this.metrics.purged(heldBytes - log.sizeBytes);
  }

  /** Stops the timers (shutdown): parked fetches are answered, the group coordinator stops. */
  close(): void {
    this.waiters.close();
    this.groups.close();
  }

  topicConfig(topic: Topic, name: string): string {
    return effectiveTopicConfig(this.settings, topic.configs, name);
  }
}
