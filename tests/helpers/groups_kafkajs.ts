/**
 * Test helper for the kafkajs consumer group tests: an in-process group member that records its
 * joins, records and crash, with short group timeouts and no restart after a crash, and kafkajs
 * as a GroupClient of the shared group scenarios.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import {
  type Admin,
  AssignerProtocol,
  type Consumer,
  type ConsumerConfig,
  type Kafka,
  PartitionAssigners,
  type Producer,
} from "kafkajs";
import { kafkaFor } from "./kafkajs.ts";
import {
  consumeCommitLeaveWith,
  type GroupClient,
  type MemberOptions,
  type MemberSession,
  SETTLE_MS,
} from "./group_client.ts";
import {
  consumerTimeouts,
  InProcessMember,
  nextOffsets,
  sortTopicPartitions,
  type TopicPartitions,
} from "./groups_member.ts";

/** The client id kafkaFor() gives every client, members included. */
export const KAFKAJS_CLIENT_ID = "blink-kafkajs-test";
/** The name of kafkajs's default (and only built-in) assignor. */
const ROUND_ROBIN = "RoundRobinAssigner";
/** Fetch long-poll bound: kafkajs heartbeats between fetches, so keep it short. */
const MAX_WAIT_MS = 200;

interface KafkajsJoin {
  partitions: TopicPartitions;
  protocol: string;
  memberId: string;
}

export class KafkajsMember extends InProcessMember<KafkajsJoin> {
  readonly consumer: Consumer;
  readonly clientId = KAFKAJS_CLIENT_ID;
  /** The error that stopped the consumer, if one did. */
  crash: Error | null = null;

  /** `name` names the member in failure messages. */
  constructor(
    kafka: Kafka,
    readonly groupId: string,
    config: Partial<ConsumerConfig> = {},
    name = groupId,
  ) {
    super(name);
    this.consumer = kafka.consumer({
      groupId,
      ...consumerTimeouts(),
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

  lastJoin() {
    const join = this.joins.at(-1);
    return join ? { memberId: join.memberId, protocol: join.protocol } : {};
  }

  override groupEventCount(): number {
    return super.groupEventCount() + (this.crash === null ? 0 : 1);
  }

  async commit(topic: string, offsets: [number, number][]): Promise<void> {
    await this.consumer.commitOffsets(
      offsets.map(([partition, offset]) => ({ topic, partition, offset: String(offset) })),
    );
  }

  async commitReceived(): Promise<void> {
    for (const [topic, offsets] of nextOffsets(this.messages)) await this.commit(topic, offsets);
  }

  /** Stops consuming and leaves the group (LeaveGroup). */
  async close(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/** A kafkajs assigner offered under another name; it assigns nothing (it is never chosen). */
function namedAssigner(name: string) {
  return () => ({
    name,
    version: 1,
    protocol: ({ topics }: { topics: string[] }) => ({
      name,
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 1,
        topics,
        userData: Buffer.alloc(0),
      }),
    }),
    assign: () => Promise.resolve([]),
  });
}

function consumerConfig(opts: MemberOptions): Partial<ConsumerConfig> {
  assert.equal(opts.groupInstanceId, undefined, "kafkajs 2.2.4 has no static membership");
  const assigner = opts.assignor === ROUND_ROBIN
    ? PartitionAssigners.roundRobin
    : opts.assignor && namedAssigner(opts.assignor);
  return {
    ...(opts.sessionTimeoutMs ? { sessionTimeout: opts.sessionTimeoutMs } : {}),
    ...(assigner ? { partitionAssigners: [assigner] } : {}),
  };
}

export interface KafkajsSession extends MemberSession {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  fetchCommitted(groupId: string, topic: string): Promise<[number, number][]>;
  /** Starts a member with kafkajs's own settings, e.g. auto-commit (commits when it stops). */
  startKafkajsMember(
    name: string,
    groupId: string,
    topics: string[],
    opts?: { autoCommit?: boolean; config?: Partial<ConsumerConfig> },
  ): Promise<KafkajsMember>;
}

export const kafkajsGroups: GroupClient<KafkajsSession> = {
  name: "kafkajs",
  missing: false,

  async withSession(b, fn) {
    const kafka = kafkaFor(b);
    const admin = kafka.admin();
    const producer = kafka.producer();
    await admin.connect();
    await producer.connect();
    const members: KafkajsMember[] = [];
    const startKafkajsMember: KafkajsSession["startKafkajsMember"] = async (
      name,
      groupId,
      topics,
      opts = {},
    ) => {
      const member = new KafkajsMember(kafka, groupId, opts.config, name);
      members.push(member);
      await member.start(topics, opts.autoCommit ?? false);
      return member;
    };
    const session: KafkajsSession = {
      b,
      kafka,
      admin,
      producer,
      defaultProtocol: ROUND_ROBIN,
      exclusiveProtocols: [ROUND_ROBIN, "OtherAssigner"],
      startKafkajsMember,
      async createTopic(topic, partitions) {
        await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
      },
      async produce(topic, partition, values) {
        await producer.send({ topic, messages: values.map((value) => ({ partition, value })) });
      },
      consumeCommitLeave: (name, groupId, topic, count) =>
        consumeCommitLeaveWith(session, name, groupId, topic, count),
      async fetchCommitted(groupId, topic) {
        const [result] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return result.partitions.map((p) => [p.partition, Number(p.offset)]);
      },
      startMember: (name, groupId, topics, opts = {}) =>
        startKafkajsMember(name, groupId, topics, { config: consumerConfig(opts) }),
      async joinRefused(name, groupId, topics, opts) {
        const member = await startKafkajsMember(name, groupId, topics, {
          config: consumerConfig(opts),
        });
        await member.until(() => member.crash !== null, SETTLE_MS, "the consumer's crash");
        const crash = member.crash as Error & { type?: string };
        return { member, errorIds: crash.type === undefined ? [] : [crash.type] };
      },
      async setCommittedByAdmin(groupId, topic, partition, offset) {
        // setOffsets joins the (empty) group with a consumer of its own, seeks and commits.
        await admin.setOffsets({
          groupId,
          topic,
          partitions: [{ partition, offset: `${offset}` }],
        });
      },
    };
    try {
      await fn(session);
    } finally {
      await Promise.all(members.map((m) => m.close()));
      await producer.disconnect();
      await admin.disconnect();
    }
  },
};
