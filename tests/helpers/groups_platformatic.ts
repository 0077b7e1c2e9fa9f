/**
 * Test helpers for the @platformatic/kafka consumer group tests: an in-process group member that
 * records its joins and records, the child-process member (groups_platformatic_member.ts) for
 * tests that kill one with SIGKILL, and @platformatic/kafka as a GroupClient of the shared group
 * scenarios.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { Admin, Consumer, type MessagesStream, Producer } from "@platformatic/kafka";
import type { TestBroker } from "./broker.ts";
import {
  consumeCommitLeaveWith,
  type GroupClient,
  type MemberOptions,
  type ProcessSession,
} from "./group_client.ts";
import {
  consumerTimeouts,
  HEARTBEAT_INTERVAL_MS,
  InProcessMember,
  MemberProcess,
  REBALANCE_TIMEOUT_MS,
  type ReceivedRecord,
  SESSION_TIMEOUT_MS,
  sortTopicPartitions,
  type TopicPartitions,
} from "./groups_member.ts";
import { clientOptions, protocolErrorIds } from "./platformatic.ts";

/** Fetch long-poll bound: short, so streams stop quickly. */
const MAX_WAIT_MS = 200;
const MEMBER_SCRIPT = new URL("./groups_platformatic_member.ts", import.meta.url).pathname;

export interface ReceivedMessage extends ReceivedRecord {
  /** Commits one past this message's offset (the client's per-message commit). */
  commit(): Promise<void>;
}

/** An in-process group member: a consumer with one stream, recording what it sees. */
export class GroupMember
  extends InProcessMember<{ generationId: number; partitions: TopicPartitions }, ReceivedMessage> {
  readonly consumer: Consumer;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;

  constructor(b: TestBroker, name: string, groupId: string, opts: MemberOptions = {}) {
    super(name);
    this.consumer = new Consumer({
      ...clientOptions(b),
      clientId: name,
      groupId,
      ...(opts.groupInstanceId ? { groupInstanceId: opts.groupInstanceId } : {}),
      ...(opts.assignor ? { protocols: [{ name: opts.assignor, version: 1 }] } : {}),
      ...consumerTimeouts(opts.sessionTimeoutMs),
    });
    this.consumer.on("consumer:group:join", (p) => {
      this.joins.push({
        generationId: p.generationId ?? -1,
        partitions: sortTopicPartitions(
          (p.assignments ?? [])
            .flatMap((a) =>
              a.partitions.map((partition): [string, number] => [a.topic, partition])
            ),
        ),
      });
    });
  }

  get clientId(): string {
    return this.name;
  }

  /** Joins the group and starts reading from the committed offsets (earliest without). */
  async start(topics: string[]): Promise<void> {
    this.stream = await this.consumer.consume({
      topics,
      mode: "committed",
      fallbackMode: "earliest",
      autocommit: false,
      maxWaitTime: MAX_WAIT_MS,
    });
    this.stream.on("data", (m) =>
      this.messages.push({
        topic: m.topic,
        partition: m.partition,
        offset: Number(m.offset),
        value: m.value.toString("utf8"),
        commit: () => m.commit() as Promise<void>,
      }));
  }

  lastJoin() {
    const join = this.joins.at(-1);
    if (!join) return {};
    assert(this.consumer.memberId, `${this.name} joined without a member id`);
    return { generationId: join.generationId, memberId: this.consumer.memberId };
  }

  async commit(topic: string, offsets: [number, number][]): Promise<void> {
    await this.consumer.commit({
      offsets: offsets.map(([partition, offset]) => ({
        topic,
        partition,
        offset: BigInt(offset),
        leaderEpoch: 0,
      })),
    });
  }

  /** Commits the last message received from each partition. */
  async commitReceived(): Promise<void> {
    const last = new Map(this.messages.map((m) => [`${m.topic}/${m.partition}`, m]));
    for (const m of last.values()) await m.commit();
  }

  /** Closes the stream and leaves the group (LeaveGroup). */
  async close(): Promise<void> {
    await this.consumer.close(true);
  }
}

/** Starts a @platformatic/kafka member in a child process (deno run). */
export function startMemberProcess(
  b: TestBroker,
  name: string,
  groupId: string,
  topics: string[],
  opts: MemberOptions = {},
): Promise<MemberProcess> {
  assert.equal(opts.assignor, undefined, "the child member runs with the default protocols");
  return MemberProcess.start(name, name, Deno.execPath(), ["run", "-A", MEMBER_SCRIPT], {
    bootstrap: b.bootstrap,
    groupId,
    topics,
    clientId: name,
    groupInstanceId: opts.groupInstanceId,
    sessionTimeoutMs: opts.sessionTimeoutMs ?? SESSION_TIMEOUT_MS,
    rebalanceTimeoutMs: REBALANCE_TIMEOUT_MS,
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
  });
}

export interface PlatformaticSession extends ProcessSession {
  readonly admin: Admin;
  readonly producer: Producer;
  fetchCommitted(groupId: string, topic: string): Promise<[number, number][]>;
  /** A member that has not started yet, stopped with the session. */
  newMember(name: string, groupId: string, opts?: MemberOptions): GroupMember;
}

export const platformaticGroups: GroupClient<PlatformaticSession> = {
  name: "platformatic",
  missing: false,

  async withSession(b, fn) {
    const admin = new Admin(clientOptions(b));
    const producer = new Producer(clientOptions(b));
    const members: GroupMember[] = [];
    const processes: MemberProcess[] = [];
    const newMember = (name: string, groupId: string, opts: MemberOptions = {}) => {
      const member = new GroupMember(b, name, groupId, opts);
      members.push(member);
      return member;
    };
    const session: PlatformaticSession = {
      b,
      admin,
      producer,
      defaultProtocol: "roundrobin",
      exclusiveProtocols: ["alpha", "beta"],
      newMember,
      async createTopic(topic, partitions) {
        await admin.createTopics({ topics: [topic], partitions });
      },
      async produce(topic, partition, values) {
        await producer.send({
          messages: values.map((v) => ({ topic, partition, value: Buffer.from(v) })),
        });
      },
      consumeCommitLeave: (name, groupId, topic, count) =>
        consumeCommitLeaveWith(session, name, groupId, topic, count),
      async fetchCommitted(groupId, topic) {
        const [listed] = await admin.listConsumerGroupOffsets({ groups: [groupId] });
        assert.deepEqual(listed.topics.map((t) => t.name), [topic]);
        return listed.topics[0].partitions.map((
          p,
        ) => [p.partitionIndex, Number(p.committedOffset)]);
      },
      async setCommittedByAdmin(groupId, topic, partition, offset) {
        await admin.alterConsumerGroupOffsets({
          groupId,
          topics: [{ name: topic, partitionOffsets: [{ partition, offset: BigInt(offset) }] }],
        });
      },
      async startMember(name, groupId, topics, opts = {}) {
        const member = newMember(name, groupId, opts);
        await member.start(topics);
        assert(member.joins.length > 0, "consume() resolves once the member has joined");
        return member;
      },
      async joinRefused(name, groupId, topics, opts) {
        const member = newMember(name, groupId, opts);
        const error = await member.start(topics).then(() => null, (e: unknown) => e);
        assert(error !== null, `${name} was let in`);
        return { member, errorIds: protocolErrorIds(error) };
      },
      async startProcess(name, groupId, topics, opts = {}) {
        const member = await startMemberProcess(b, name, groupId, topics, opts);
        processes.push(member);
        return member;
      },
    };
    try {
      await fn(session);
    } finally {
      await Promise.all(processes.map((p) => p.kill()));
      await Promise.all(members.map((m) => m.close()));
      await producer.close();
      await admin.close();
    }
  },
};
