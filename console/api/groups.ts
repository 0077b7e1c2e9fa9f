/**
 * Consumer groups: GET /api/groups (state, assignor, member count, total lag),
 * GET /api/groups/:id (members with their assignments, committed offsets with lag),
 * DELETE /api/groups/:id, POST /api/groups/:id/offsets (reset a member-less group's offsets to
 * earliest, latest, an offset or a time, as kafka-consumer-groups --reset-offsets does).
 *
 * Lag of a committed partition = max(0, the partition's next offset - the committed offset).
 */
import type { Hono } from "hono";
import type { Broker } from "../../broker/broker.ts";
import { assignedPartitions } from "../../broker/groups/consumer_protocol.ts";
import { EARLIEST, LATEST, offsetForTime } from "../../broker/handlers/list_offsets.ts";
import { ErrorCode, errorName } from "../../broker/protocol/errors.ts";
import type { PartitionLog } from "../../storage/partition_log.ts";
import type { ConsoleContext } from "../context.ts";
import { badParam, conflict, HttpError, notFound } from "../http/errors.ts";
import { jsonObjectBody } from "../http/input.ts";
import { intParam, optionalIntParam, show, textParam } from "../http/params.ts";
import { topicOr404 } from "./topics.ts";

interface CommittedView {
  topic: string;
  partition: number;
  committedOffset: number;
  metadata: string | null;
  /** The partition's next offset; -1 when the partition no longer exists. */
  logEndOffset: number;
  lag: number;
}

function committedOffsets(broker: Broker, groupId: string): CommittedView[] {
  const out: CommittedView[] = [];
  const byTopic = [...broker.groups.offsets.ofGroup(groupId)].sort(([a], [b]) =>
    a.localeCompare(b)
  );
  for (const [topic, partitions] of byTopic) {
    for (const [partition, committed] of [...partitions].sort(([a], [b]) => a - b)) {
      const log = broker.store.partition(topic, partition);
      const logEndOffset = log ? log.nextOffset : -1;
      out.push({
        topic,
        partition,
        committedOffset: committed.offset,
        metadata: committed.metadata,
        logEndOffset,
        lag: log ? Math.max(0, log.nextOffset - committed.offset) : 0,
      });
    }
  }
  return out;
}

function groupExists(broker: Broker, groupId: string): boolean {
  return broker.groups.groups.has(groupId) || broker.groups.offsets.hasOffsets(groupId);
}

/** The offset a reset target names for one partition. */
type ResetTarget = { time: number } | { offset: number };

function targetParam(raw: unknown): ResetTarget {
  if (raw === "earliest") return { time: EARLIEST };
  if (raw === "latest") return { time: LATEST };
  if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
    const target = raw as Record<string, unknown>;
    if ("offset" in target) return { offset: intParam("to.offset", target.offset, { min: 0 }) };
    if ("timestampMs" in target) {
      return { time: intParam("to.timestampMs", target.timestampMs, { min: 0 }) };
    }
  }
  throw badParam(
    "to",
    `must be "earliest", "latest", {"offset": n} or {"timestampMs": n}, got ${show(raw)}`,
  );
}

/** Where the target puts a partition: within [logStartOffset, nextOffset]; past the end: end. */
function resolveTarget(log: PartitionLog, target: ResetTarget): number {
  if ("offset" in target) {
    return Math.min(Math.max(target.offset, log.logStartOffset), log.nextOffset);
  }
  const found = offsetForTime(log, target.time).offset;
  return found < 0 ? log.nextOffset : found;
}

export function registerGroups(app: Hono, ctx: ConsoleContext): void {
  const { broker } = ctx;

  app.get("/api/groups", (c) =>
    c.json(
      broker.groups.list().map((g) => {
        const d = broker.groups.describe(g.groupId);
        return {
          groupId: g.groupId,
          state: g.state,
          protocolType: g.protocolType,
          protocol: d.protocolName,
          members: d.members.length,
          lag: committedOffsets(broker, g.groupId).reduce((sum, o) => sum + o.lag, 0),
        };
      }),
    ));

  app.get("/api/groups/:id", (c) => {
    const groupId = c.req.param("id");
    if (!groupExists(broker, groupId)) throw notFound(`group "${groupId}" does not exist`);
    const listed = broker.groups.list().find((g) => g.groupId === groupId)!;
    const d = broker.groups.describe(groupId);
    return c.json({
      groupId,
      state: listed.state,
      protocolType: listed.protocolType,
      protocol: d.protocolName,
      generationId: d.generationId,
      leaderId: d.leaderId,
      members: d.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        assignment: [...assignedPartitions(m.assignment)].map(([topic, partitions]) => ({
          topic,
          partitions,
        })),
      })),
      offsets: committedOffsets(broker, groupId),
    });
  });

  app.delete("/api/groups/:id", (c) => {
    const groupId = c.req.param("id");
    const code = broker.groups.deleteGroup(groupId);
    switch (code) {
      case ErrorCode.NONE:
        return c.body(null, 204);
      case ErrorCode.GROUP_ID_NOT_FOUND:
        throw notFound(`group "${groupId}" does not exist`);
      case ErrorCode.NON_EMPTY_GROUP:
        throw conflict(`group "${groupId}" has active members (NON_EMPTY_GROUP); stop them first`);
      default:
        throw new HttpError(500, `deleting group "${groupId}" failed: ${errorName(code)}`);
    }
  });

  app.post("/api/groups/:id/offsets", async (c) => {
    const groupId = c.req.param("id");
    if (!groupExists(broker, groupId)) throw notFound(`group "${groupId}" does not exist`);
    const members = broker.groups.groups.get(groupId)?.members.size ?? 0;
    if (members > 0) {
      throw conflict(
        `group "${groupId}" has ${members} active member(s); offsets can only be reset ` +
          "while the group is empty",
      );
    }
    const body = await jsonObjectBody(c);
    const topic = topicOr404(ctx, textParam("topic", body.topic));
    const partition = optionalIntParam("partition", body.partition, { min: 0 });
    if (partition !== undefined && !topic.partitions[partition]) {
      throw notFound(`topic "${topic.name}" has no partition ${partition}`);
    }
    const target = targetParam(body.to);
    const code = broker.groups.checkCommit(groupId, -1, "", null);
    if (code !== ErrorCode.NONE) {
      throw conflict(`group "${groupId}" cannot take commits now: ${errorName(code)}`);
    }
    const logs = partition === undefined ? topic.partitions : [topic.partitions[partition]];
    const offsets = logs.map((log) => {
      const committedOffset = resolveTarget(log, target);
      const commitCode = broker.groups.commit(groupId, {
        topic: topic.name,
        partition: log.partition,
        offset: committedOffset,
        leaderEpoch: -1,
        metadata: "",
      });
      if (commitCode !== ErrorCode.NONE) {
        throw new HttpError(500, `commit failed: ${errorName(commitCode)}`);
      }
      return { topic: topic.name, partition: log.partition, committedOffset };
    });
    broker.onOffsetsCommitted(groupId);
    return c.json({ offsets });
  });
}
