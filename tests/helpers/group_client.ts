/**
 * Test helper: what a consumer group client (kafkajs, @platformatic/kafka, confluent-kafka,
 * kcat -G) offers the group scenarios they share, and the registration of one Deno.test per
 * client and scenario.
 */
import assert from "node:assert/strict";
import type { Settings } from "../../broker/settings/load.ts";
import { type TestBroker, uniqueTopic, withBroker } from "./broker.ts";
import {
  type Member,
  type MemberProcess,
  nextOffsets,
  type ReceivedRecord,
  type TopicPartitions,
} from "./groups_member.ts";

/** Group settings for fast tests: no initial rebalance delay. */
export const GROUP_SETTINGS: Partial<Settings> = { groupInitialRebalanceDelayMs: 0 };
/** How long a test waits for a group to settle after a join or a leave. */
export const SETTLE_MS = 10_000;
/** How long a test watches for records that should not come (duplicates, records past the end). */
export const QUIET_MS = 500;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A broker and the clients one test uses, cleaned up when the test ends. */
export interface GroupSession {
  readonly b: TestBroker;
  createTopic(topic: string, partitions: number): Promise<void>;
  produce(topic: string, partition: number, values: string[]): Promise<void>;
  /**
   * A new member of `groupId` reads `topic` until it has `count` records, commits one past the
   * last of each partition among the first `count`, and leaves; resolves with every record it
   * received (watching a while for more where the client keeps running).
   */
  consumeCommitLeave(
    name: string,
    groupId: string,
    topic: string,
    count: number,
  ): Promise<ReceivedRecord[]>;
  /** The group's committed [partition, offset] pairs for `topic`, asked with the admin API. */
  fetchCommitted?(groupId: string, topic: string): Promise<[number, number][]>;
}

export interface MemberOptions {
  sessionTimeoutMs?: number;
  groupInstanceId?: string;
  /** The only assignor (protocol) the member offers. */
  assignor?: string;
}

/** A session whose client runs long-lived members. */
export interface MemberSession extends GroupSession {
  /** The protocol the group picks when members run with the client's defaults. */
  readonly defaultProtocol: string;
  /** Two assignors a member can offer alone. */
  readonly exclusiveProtocols: readonly [string, string];
  startMember(
    name: string,
    groupId: string,
    topics: string[],
    opts?: MemberOptions,
  ): Promise<Member>;
  /** Starts a member the broker is expected to refuse; returns it with its client's error ids. */
  joinRefused(
    name: string,
    groupId: string,
    topics: string[],
    opts: MemberOptions,
  ): Promise<{ member: Member; errorIds: string[] }>;
  /** Commits `offset` for the (empty) group with the admin API. */
  setCommittedByAdmin?(
    groupId: string,
    topic: string,
    partition: number,
    offset: number,
  ): Promise<void>;
}

/** A session that can also run members in child processes, to kill them with SIGKILL. */
export interface ProcessSession extends MemberSession {
  startProcess(
    name: string,
    groupId: string,
    topics: string[],
    opts?: MemberOptions,
  ): Promise<MemberProcess>;
}

export interface GroupClient<S extends GroupSession> {
  /** The client's name, as it starts the names of its tests. */
  readonly name: string;
  /** True where the client is not installed: its tests are ignored. */
  readonly missing: boolean;
  /** Runs `fn` with a session on `b`, stopping every member and client afterwards. */
  withSession(b: TestBroker, fn: (s: S) => Promise<void>): Promise<void>;
}

/** One scenario every client with sessions of type S runs the same way. */
export interface GroupScenario<S extends GroupSession> {
  /** The test name after "<client> group: ". */
  title: string;
  run(s: S): Promise<void>;
}

/** Registers `${client.name} group: ${scenario.title}` for each scenario, on a fresh broker. */
export function groupTests<S extends GroupSession>(
  client: GroupClient<S>,
  scenarios: GroupScenario<S>[],
): void {
  for (const scenario of scenarios) {
    Deno.test({
      name: `${client.name} group: ${scenario.title}`,
      ignore: client.missing,
      fn: () => withSession(client, GROUP_SETTINGS, (s) => scenario.run(s)),
    });
  }
}

/** Runs `fn` with a session of `client` on a fresh broker with `settings`. */
export function withSession<S extends GroupSession>(
  client: GroupClient<S>,
  settings: Partial<Settings>,
  fn: (s: S) => Promise<void>,
): Promise<void> {
  return withBroker(settings, (b) => client.withSession(b, fn));
}

/** consumeCommitLeave() for clients that run long-lived members. */
export async function consumeCommitLeaveWith(
  s: MemberSession,
  name: string,
  groupId: string,
  topic: string,
  count: number,
): Promise<ReceivedRecord[]> {
  const member = await s.startMember(name, groupId, [topic]);
  await member.until(() => member.received().length >= count, SETTLE_MS, `${count} records`);
  await sleep(QUIET_MS);
  const offsets = nextOffsets(member.received().slice(0, count)).get(topic);
  assert(offsets, `no records of ${topic}`);
  await member.commit(topic, offsets);
  const received = member.received();
  await member.close();
  return received;
}

/** Creates a topic with a unique name starting with `prefix`, and names a group for it. */
export async function newGroupTopic(s: GroupSession, prefix: string, partitions: number) {
  const topic = uniqueTopic(prefix);
  await s.createTopic(topic, partitions);
  return { topic, groupId: `${topic}-group` };
}

/** [topic, partition] pairs of one topic. */
export const tp = (topic: string, ...partitions: number[]): TopicPartitions =>
  partitions.map((p) => [topic, p]);

/** Committed offsets of a group for a topic's partitions, as the broker holds them (-1: none). */
export function committed(b: TestBroker, groupId: string, topic: string, partitions: number) {
  return Array.from(
    { length: partitions },
    (_, p) => b.broker.groups.offsets.get(groupId, topic, p)?.offset ?? -1,
  );
}
