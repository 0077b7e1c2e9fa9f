/**
 * Test helpers for the @platformatic/kafka consumer group tests: an in-process group member
 * that records its joins and messages, and the child-process member
 * (groups_platformatic_member.ts) for tests that kill one with SIGKILL.
 */
import type { Buffer } from "node:buffer";
import { Consumer, type GroupProtocolSubscription, type MessagesStream } from "@platformatic/kafka";
import type { TestBroker } from "./broker.ts";
import { MemberProcess, sortTopicPartitions, type TopicPartitions } from "./groups_member.ts";
import { clientOptions } from "./platformatic.ts";

export const SESSION_TIMEOUT_MS = 6_000;
export const REBALANCE_TIMEOUT_MS = 8_000;
export const HEARTBEAT_INTERVAL_MS = 300;
/** Fetch long-poll bound: short, so streams stop quickly. */
const MAX_WAIT_MS = 200;
const MEMBER_SCRIPT = new URL("./groups_platformatic_member.ts", import.meta.url).pathname;

export interface ReceivedMessage {
  topic: string;
  partition: number;
  offset: number;
  value: string;
  commit(): Promise<void>;
}

export interface MemberOptions {
  groupInstanceId?: string;
  sessionTimeoutMs?: number;
  protocols?: GroupProtocolSubscription[];
}

/** An in-process group member: a consumer with one stream, recording what it sees. */
export class GroupMember {
  readonly messages: ReceivedMessage[] = [];
  /** Each join's full assignment, in order, with its generation. */
  readonly joins: { generationId: number; partitions: TopicPartitions }[] = [];
  readonly consumer: Consumer;
  private stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | null = null;

  constructor(b: TestBroker, readonly name: string, groupId: string, opts: MemberOptions = {}) {
    this.consumer = new Consumer({
      ...clientOptions(b),
      clientId: name,
      groupId,
      ...(opts.groupInstanceId ? { groupInstanceId: opts.groupInstanceId } : {}),
      ...(opts.protocols ? { protocols: opts.protocols } : {}),
      sessionTimeout: opts.sessionTimeoutMs ?? SESSION_TIMEOUT_MS,
      rebalanceTimeout: REBALANCE_TIMEOUT_MS,
      heartbeatInterval: HEARTBEAT_INTERVAL_MS,
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

  /** The full assignment of the last join ([] before the first). */
  assignment(): TopicPartitions {
    return this.joins.at(-1)?.partitions ?? [];
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
  opts: { groupInstanceId?: string; sessionTimeoutMs?: number } = {},
): Promise<MemberProcess> {
  return MemberProcess.start(name, Deno.execPath(), ["run", "-A", MEMBER_SCRIPT], {
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
