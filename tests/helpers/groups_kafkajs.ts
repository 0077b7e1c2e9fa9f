/**
 * Test helper for the kafkajs consumer group tests: an in-process group member that records
 * its joins, messages and crash, with short group timeouts and no restart after a crash.
 */
import type { Consumer, ConsumerConfig, Kafka } from "kafkajs";
import { sortTopicPartitions, type TopicPartitions } from "./groups_member.ts";

export const SESSION_TIMEOUT_MS = 6_000;
export const REBALANCE_TIMEOUT_MS = 8_000;
const HEARTBEAT_INTERVAL_MS = 300;
/** Fetch long-poll bound: kafkajs heartbeats between fetches, so keep it short. */
const MAX_WAIT_MS = 200;

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: number;
  value: string;
}

export class KafkajsMember {
  readonly consumer: Consumer;
  readonly messages: ReceivedMessage[] = [];
  /** Each join's full assignment and protocol, in order. */
  readonly joins: { partitions: TopicPartitions; protocol: string; memberId: string }[] = [];
  /** The error that stopped the consumer, if one did. */
  crash: Error | null = null;

  constructor(kafka: Kafka, readonly groupId: string, config: Partial<ConsumerConfig> = {}) {
    this.consumer = kafka.consumer({
      groupId,
      sessionTimeout: SESSION_TIMEOUT_MS,
      rebalanceTimeout: REBALANCE_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
      maxWaitTimeInMs: MAX_WAIT_MS,
      // A crash ends the test's consumer instead of restarting it forever.
      retry: { retries: 0, restartOnFailure: () => Promise.resolve(false) },
      ...config,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = sortTopicPartitions(
        Object.entries(payload.memberAssignment)
          .flatMap(([topic, ps]) => ps.map((p): [string, number] => [topic, p])),
      );
      this.joins.push({ partitions, protocol: payload.groupProtocol, memberId: payload.memberId });
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.crash = payload.error;
    });
  }

  /** Subscribes (from the beginning when nothing is committed) and starts consuming. */
  async start(topics: string[], autoCommit = false): Promise<void> {
    await this.consumer.connect();
    for (const topic of topics) await this.consumer.subscribe({ topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit,
      eachMessage: ({ topic, partition, message }) => {
        this.messages.push({
          topic,
          partition,
          offset: Number(message.offset),
          value: message.value?.toString("utf8") ?? "<null>",
        });
        return Promise.resolve();
      },
    });
  }

  /** The full assignment of the last join ([] before the first). */
  assignment(): TopicPartitions {
    return this.joins.at(-1)?.partitions ?? [];
  }

  /** Stops consuming and leaves the group (LeaveGroup). */
  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}
