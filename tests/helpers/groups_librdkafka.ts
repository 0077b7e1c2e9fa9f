/**
 * Test helper for the librdkafka (2.0.2) consumer group tests, as GroupClients of the shared
 * group scenarios: confluent-kafka members running as child processes
 * (tests/clients/python/groups_member.py, so a test can kill one with SIGKILL), and kcat -G, the
 * balanced consumer, which reads a number of records and leaves. Both produce with kcat.
 */
import type { TestBroker } from "./broker.ts";
import {
  consumeCommitLeaveWith,
  type GroupClient,
  type GroupSession,
  type MemberOptions,
  type ProcessSession,
  SETTLE_MS,
} from "./group_client.ts";
import {
  HEARTBEAT_INTERVAL_MS,
  MemberProcess,
  REBALANCE_TIMEOUT_MS,
  type ReceivedRecord,
  SESSION_TIMEOUT_MS,
} from "./groups_member.ts";
import { kcatOk } from "./kcat.ts";
import { kcatClient } from "./kcat_client.ts";
import { confluentKafka } from "./python_clients.ts";
import { textMessages } from "./record_client.ts";

const MEMBER_SCRIPT = new URL("../clients/python/groups_member.py", import.meta.url).pathname;

/** librdkafka properties every member uses: short timeouts, quick heartbeats, no auto-commit. */
const MEMBER_CONFIG = {
  "session.timeout.ms": SESSION_TIMEOUT_MS,
  "heartbeat.interval.ms": HEARTBEAT_INTERVAL_MS,
  // max.poll.interval.ms is librdkafka's JoinGroup rebalance timeout.
  "max.poll.interval.ms": REBALANCE_TIMEOUT_MS,
  "auto.offset.reset": "earliest",
  "enable.auto.commit": false,
  "enable.partition.eof": false,
};

/** What every librdkafka session does the same way: topics on the broker, produce with kcat. */
function topicsAndProduce(b: TestBroker) {
  return {
    b,
    createTopic(topic: string, partitions: number) {
      b.broker.createTopic(topic, partitions, {});
      return Promise.resolve();
    },
    produce(topic: string, partition: number, values: string[]) {
      return kcatClient.produce(b, textMessages(topic, partition, values));
    },
  };
}

/** Starts a confluent-kafka group member subscribed to `topics`. */
function startConfluentMember(
  b: TestBroker,
  name: string,
  groupId: string,
  topics: string[],
  opts: MemberOptions,
): Promise<MemberProcess> {
  return MemberProcess.start(name, name, confluentKafka.interpreter!, [MEMBER_SCRIPT], {
    bootstrap: b.bootstrap,
    groupId,
    topics,
    config: {
      ...MEMBER_CONFIG,
      "client.id": name,
      ...(opts.sessionTimeoutMs ? { "session.timeout.ms": opts.sessionTimeoutMs } : {}),
      ...(opts.groupInstanceId ? { "group.instance.id": opts.groupInstanceId } : {}),
      ...(opts.assignor ? { "partition.assignment.strategy": opts.assignor } : {}),
    },
  });
}

export const confluentKafkaGroups: GroupClient<ProcessSession> = {
  name: "confluent-kafka",
  missing: confluentKafka.missing || kcatClient.missing,

  async withSession(b, fn) {
    const started: MemberProcess[] = [];
    const startProcess = async (
      name: string,
      groupId: string,
      topics: string[],
      opts: MemberOptions = {},
    ) => {
      const member = await startConfluentMember(b, name, groupId, topics, opts);
      started.push(member);
      return member;
    };
    const session: ProcessSession = {
      ...topicsAndProduce(b),
      // The default assignor list is range,roundrobin: the group picks range.
      defaultProtocol: "range",
      exclusiveProtocols: ["range", "roundrobin"],
      startProcess,
      startMember: startProcess,
      consumeCommitLeave: (name, groupId, topic, count) =>
        consumeCommitLeaveWith(session, name, groupId, topic, count),
      async joinRefused(name, groupId, topics, opts) {
        const member = await startProcess(name, groupId, topics, opts);
        const error = await member.waitFor((e) => e.event === "error", SETTLE_MS, "a join error");
        return { member, errorIds: [error.name as string] };
      },
    };
    try {
      await fn(session);
    } finally {
      await Promise.all(started.map((m) => m.kill()));
    }
  },
};

/** kcat -G (the balanced consumer): reads `count` records as a member of `groupId`, then leaves. */
async function kcatGroupRead(
  b: TestBroker,
  name: string,
  groupId: string,
  topic: string,
  count: number,
): Promise<ReceivedRecord[]> {
  // -c: exit after that many records; kcat then closes the consumer, which commits the offsets
  // of the records it handed out (enable.auto.commit, auto offset store).
  const r = await kcatOk(b.bootstrap, [
    "-G",
    groupId,
    topic,
    "-c",
    String(count),
    "-q",
    "-f",
    "%p %o %s\n",
    "-X",
    `client.id=${name}`,
    "-X",
    "auto.offset.reset=earliest",
    "-X",
    `heartbeat.interval.ms=${HEARTBEAT_INTERVAL_MS}`,
    "-X",
    `session.timeout.ms=${SESSION_TIMEOUT_MS}`,
  ]);
  return r.text.split("\n").filter((line) => line !== "").map((line) => {
    const [partition, offset, value] = line.split(" ");
    return { topic, partition: Number(partition), offset: Number(offset), value };
  });
}

export const kcatGroups: GroupClient<GroupSession> = {
  name: "kcat -G",
  missing: kcatClient.missing,
  withSession(b, fn) {
    return fn({
      ...topicsAndProduce(b),
      consumeCommitLeave: (name, groupId, topic, count) =>
        kcatGroupRead(b, name, groupId, topic, count),
    });
  },
};
