/**
 * The classic group coordinator: JoinGroup / SyncGroup / Heartbeat / LeaveGroup, session expiry,
 * committed offsets, and the views DescribeGroups / ListGroups / DeleteGroups need.
 *
 * It follows Kafka's GroupCoordinator (the classic protocol, KIP-62/345/394):
 * - a real join barrier: a rebalance waits until every known member has rejoined, or the longest
 *   rebalance timeout passes, and then removes those that did not;
 * - a new group waits `group_initial_rebalance_delay_ms` for more members, each new member
 *   extending the wait, never past the rebalance timeout;
 * - member ids are made by the coordinator (MEMBER_ID_REQUIRED at JoinGroup v4+);
 * - static members (`group.instance.id`) that come back take their place without a rebalance
 *   when the group is Stable and their protocols are unchanged; an old instance is fenced;
 * - heartbeats during a rebalance get REBALANCE_IN_PROGRESS, stale generations
 *   ILLEGAL_GENERATION, unknown members UNKNOWN_MEMBER_ID, as Kafka returns them.
 *
 * Every promise handed out (a pending JoinGroup or SyncGroup) is settled: by the rebalance
 * completing, by the join barrier's timer, by the member leaving, expiring or being replaced.
 * Time comes from setTimeout and the injected clock, so tests drive it with fake timers.
 */
import { ErrorCode } from "../protocol/errors.ts";
import type { Logger } from "../settings/log.ts";
import { subscriptionTopics } from "./consumer_protocol.ts";
import { Group, type JoinOutcome, type Member, type Protocol, type SyncOutcome } from "./group.ts";
import { OffsetStore } from "./offsets.ts";

export interface CoordinatorOptions {
  initialRebalanceDelayMs: number;
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  now: () => number;
  log: Logger;
}

export interface JoinRequest {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  /** JoinGroup v4+: a new dynamic member first gets MEMBER_ID_REQUIRED (KIP-394). */
  requireKnownMemberId: boolean;
}

export interface SyncRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  assignments: { memberId: string; assignment: Uint8Array }[];
}

export interface MemberRef {
  memberId: string;
  groupInstanceId: string | null;
}

export interface OffsetToCommit {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
}

export interface GroupDescription {
  groupId: string;
  state: string;
  protocolType: string;
  protocolName: string;
  generationId: number;
  leaderId: string;
  members: {
    memberId: string;
    groupInstanceId: string | null;
    clientId: string;
    clientHost: string;
    metadata: Uint8Array;
    assignment: Uint8Array;
  }[];
}

/** Kafka's OffsetCommit limit on the metadata string (offset.metadata.max.bytes). */
export const MAX_OFFSET_METADATA_CHARS = 4096;
const EMPTY = new Uint8Array(0);

export class GroupCoordinator {
  readonly groups = new Map<string, Group>();
  readonly offsets = new OffsetStore();

  constructor(private readonly opts: CoordinatorOptions) {}

  // ---- JoinGroup -------------------------------------------------------------------------

  join(req: JoinRequest): Promise<JoinOutcome> {
    const fail = (errorCode: number, memberId = req.memberId) =>
      Promise.resolve(failedJoin(errorCode, memberId));
    if (req.groupId === "") return fail(ErrorCode.INVALID_GROUP_ID);
    if (
      req.sessionTimeoutMs < this.opts.minSessionTimeoutMs ||
      req.sessionTimeoutMs > this.opts.maxSessionTimeoutMs
    ) {
      return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    let group = this.groups.get(req.groupId);
    if (!group) {
      if (req.memberId !== "") return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      group = new Group(req.groupId);
      this.groups.set(req.groupId, group);
    }
    if (!group.supports(req.protocolType, req.protocols, req.memberId || undefined)) {
      return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    return req.memberId === "" ? this.joinNewMember(group, req) : this.joinKnownMember(group, req);
  }

  /** Kafka's shape: `<group.instance.id>-<uuid>` for static members, `<client.id>-<uuid>` else. */
  private newMemberId(req: JoinRequest): string {
    return `${req.groupInstanceId ?? (req.clientId || "member")}-${crypto.randomUUID()}`;
  }

  private joinNewMember(group: Group, req: JoinRequest): Promise<JoinOutcome> {
    const memberId = this.newMemberId(req);
    if (req.groupInstanceId !== null) {
      const oldId = group.staticMembers.get(req.groupInstanceId);
      if (oldId !== undefined) return this.replaceStaticMember(group, oldId, memberId, req);
      return this.addMemberAndRebalance(group, memberId, req);
    }
    if (req.requireKnownMemberId) {
      group.pendingMemberIds.set(
        memberId,
        setTimeout(() => this.expirePendingMember(group, memberId), req.sessionTimeoutMs),
      );
      return Promise.resolve(failedJoin(ErrorCode.MEMBER_ID_REQUIRED, memberId));
    }
    return this.addMemberAndRebalance(group, memberId, req);
  }

  private joinKnownMember(group: Group, req: JoinRequest): Promise<JoinOutcome> {
    const pending = group.pendingMemberIds.get(req.memberId);
    if (pending !== undefined) {
      clearTimeout(pending);
      group.pendingMemberIds.delete(req.memberId);
      return this.addMemberAndRebalance(group, req.memberId, req);
    }
    const member = group.members.get(req.memberId);
    if (!member) return Promise.resolve(failedJoin(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId));
    if (this.isFenced(group, req.memberId, req.groupInstanceId)) {
      return Promise.resolve(failedJoin(ErrorCode.FENCED_INSTANCE_ID, req.memberId));
    }
    const unchanged = sameProtocols(member.protocols, req.protocols);
    switch (group.state) {
      case "CompletingRebalance":
        // The member missed its JoinGroup response: send the current generation again.
        if (unchanged) return Promise.resolve(this.currentJoin(group, member));
        return this.updateMemberAndRebalance(group, member, req);
      case "Stable":
        if (unchanged && member.memberId !== group.leaderId) {
          this.scheduleExpiry(group, member);
          return Promise.resolve(this.currentJoin(group, member));
        }
        return this.updateMemberAndRebalance(group, member, req);
      default:
        return this.updateMemberAndRebalance(group, member, req);
    }
  }

  private replaceStaticMember(
    group: Group,
    oldId: string,
    newId: string,
    req: JoinRequest,
  ): Promise<JoinOutcome> {
    const member = group.members.get(oldId)!;
    member.awaitingJoin?.(failedJoin(ErrorCode.FENCED_INSTANCE_ID, oldId));
    member.awaitingJoin = null;
    member.awaitingSync?.(failedSync(ErrorCode.FENCED_INSTANCE_ID));
    member.awaitingSync = null;
    group.members.delete(oldId);
    member.memberId = newId;
    group.members.set(newId, member);
    group.staticMembers.set(req.groupInstanceId!, newId);
    if (group.leaderId === oldId) group.leaderId = newId;
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    this.opts.log.info("static member rejoined", {
      group: group.groupId,
      instance: req.groupInstanceId,
    });
    if (group.is("Stable") && sameProtocols(member.protocols, req.protocols)) {
      // KIP-345: no rebalance; the member keeps its assignment under its new id. A returning
      // leader gets the members with skip_assignment so it does not assign again (v9+).
      this.scheduleExpiry(group, member);
      const outcome = this.currentJoin(group, member);
      outcome.skipAssignment = newId === group.leaderId;
      return Promise.resolve(outcome);
    }
    return this.updateMemberAndRebalance(group, member, req);
  }

  private addMemberAndRebalance(
    group: Group,
    memberId: string,
    req: JoinRequest,
  ): Promise<JoinOutcome> {
    const member: Member = {
      memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols,
      assignment: EMPTY,
      awaitingJoin: null,
      awaitingSync: null,
      expiryTimer: undefined,
    };
    if (group.members.size === 0) group.protocolType = req.protocolType;
    group.members.set(memberId, member);
    if (req.groupInstanceId !== null) group.staticMembers.set(req.groupInstanceId, memberId);
    group.newMemberAdded = true;
    const joined = this.awaitJoin(member);
    this.rebalanceOrCheck(group, `member ${memberId} joined`);
    return joined;
  }

  private updateMemberAndRebalance(
    group: Group,
    member: Member,
    req: JoinRequest,
  ): Promise<JoinOutcome> {
    member.protocols = req.protocols;
    member.protocolType = req.protocolType;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    const joined = this.awaitJoin(member);
    this.rebalanceOrCheck(group, `member ${member.memberId} rejoined`);
    return joined;
  }

  private awaitJoin(member: Member): Promise<JoinOutcome> {
    // A member that sends JoinGroup twice gets an answer to the first one too.
    member.awaitingJoin?.(failedJoin(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
    clearTimeout(member.expiryTimer);
    return new Promise((resolve) => (member.awaitingJoin = resolve));
  }

  private rebalanceOrCheck(group: Group, reason: string): void {
    if (group.is("PreparingRebalance")) this.maybeCompleteJoin(group);
    else this.prepareRebalance(group, reason);
  }

  private prepareRebalance(group: Group, reason: string): void {
    if (group.is("CompletingRebalance")) {
      for (const m of group.members.values()) {
        m.awaitingSync?.(failedSync(ErrorCode.REBALANCE_IN_PROGRESS));
        m.awaitingSync = null;
      }
    }
    const wasEmpty = group.is("Empty");
    group.state = "PreparingRebalance";
    clearTimeout(group.joinTimer);
    this.opts.log.info("rebalance", { group: group.groupId, reason });
    const rebalanceTimeoutMs = group.rebalanceTimeoutMs();
    if (wasEmpty && this.opts.initialRebalanceDelayMs > 0) {
      group.initialDelayActive = true;
      group.newMemberAdded = false;
      const deadlineMs = this.opts.now() + rebalanceTimeoutMs;
      const step = () => {
        const remainingMs = deadlineMs - this.opts.now();
        if (group.newMemberAdded && remainingMs > 0) {
          group.newMemberAdded = false;
          group.joinTimer = setTimeout(
            step,
            Math.min(this.opts.initialRebalanceDelayMs, remainingMs),
          );
          return;
        }
        group.initialDelayActive = false;
        this.completeJoin(group);
      };
      group.joinTimer = setTimeout(
        step,
        Math.min(this.opts.initialRebalanceDelayMs, rebalanceTimeoutMs),
      );
      return;
    }
    group.joinTimer = setTimeout(() => this.completeJoin(group), rebalanceTimeoutMs);
    this.maybeCompleteJoin(group);
  }

  private maybeCompleteJoin(group: Group): void {
    if (group.is("PreparingRebalance") && !group.initialDelayActive && group.allMembersJoined()) {
      this.completeJoin(group);
    }
  }

  /** Ends the join barrier: drops members that did not rejoin and starts the new generation. */
  private completeJoin(group: Group): void {
    if (!group.is("PreparingRebalance")) return;
    clearTimeout(group.joinTimer);
    group.initialDelayActive = false;
    for (const m of [...group.members.values()]) {
      if (!m.awaitingJoin) this.removeMember(group, m, "did not rejoin in time");
    }
    for (const timer of group.pendingMemberIds.values()) clearTimeout(timer);
    group.pendingMemberIds.clear();
    group.generationId++;
    if (group.members.size === 0) {
      // The protocol type stays, as in Kafka: DescribeGroups and ListGroups keep showing it.
      group.state = "Empty";
      group.protocolName = null;
      group.leaderId = null;
      return;
    }
    group.protocolName = group.selectProtocol();
    if (group.leaderId === null || !group.members.has(group.leaderId)) {
      group.leaderId = group.members.keys().next().value!;
    }
    group.state = "CompletingRebalance";
    for (const m of group.members.values()) {
      const resolve = m.awaitingJoin!;
      m.awaitingJoin = null;
      resolve(this.currentJoin(group, m));
      this.scheduleExpiry(group, m);
    }
  }

  private currentJoin(group: Group, member: Member): JoinOutcome {
    const isLeader = member.memberId === group.leaderId;
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? "",
      memberId: member.memberId,
      members: isLeader
        ? [...group.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          metadata: group.metadataFor(m, group.protocolName!),
        }))
        : [],
      skipAssignment: false,
    };
  }

  // ---- SyncGroup / Heartbeat / LeaveGroup -------------------------------------------------

  sync(req: SyncRequest): Promise<SyncOutcome> {
    const group = this.groups.get(req.groupId);
    if (group && this.isFenced(group, req.memberId, req.groupInstanceId)) {
      return Promise.resolve(failedSync(ErrorCode.FENCED_INSTANCE_ID));
    }
    const member = group?.members.get(req.memberId);
    if (!group || !member) return Promise.resolve(failedSync(ErrorCode.UNKNOWN_MEMBER_ID));
    if (req.generationId !== group.generationId) {
      return Promise.resolve(failedSync(ErrorCode.ILLEGAL_GENERATION));
    }
    if (
      (req.protocolType !== null && req.protocolType !== group.protocolType) ||
      (req.protocolName !== null && req.protocolName !== group.protocolName)
    ) {
      return Promise.resolve(failedSync(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    if (group.is("PreparingRebalance")) {
      return Promise.resolve(failedSync(ErrorCode.REBALANCE_IN_PROGRESS));
    }
    this.scheduleExpiry(group, member);
    if (group.is("Stable")) return Promise.resolve(this.syncOutcome(group, member));
    // CompletingRebalance: wait for the leader's assignments.
    member.awaitingSync?.(failedSync(ErrorCode.REBALANCE_IN_PROGRESS));
    const synced = new Promise<SyncOutcome>((resolve) => (member.awaitingSync = resolve));
    if (req.memberId === group.leaderId) {
      const byMember = new Map(req.assignments.map((a) => [a.memberId, a.assignment]));
      for (const m of group.members.values()) m.assignment = byMember.get(m.memberId) ?? EMPTY;
      group.state = "Stable";
      this.opts.log.info("group stable", {
        group: group.groupId,
        generation: group.generationId,
        members: group.members.size,
        protocol: group.protocolName,
      });
      for (const m of group.members.values()) {
        m.awaitingSync?.(this.syncOutcome(group, m));
        m.awaitingSync = null;
      }
    }
    return synced;
  }

  private syncOutcome(group: Group, member: Member): SyncOutcome {
    return {
      errorCode: ErrorCode.NONE,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      assignment: member.assignment,
    };
  }

  heartbeat(
    groupId: string,
    generationId: number,
    memberId: string,
    groupInstanceId: string | null,
  ): number {
    const group = this.groups.get(groupId);
    // Kafka checks fencing first: an old instance learns it was replaced.
    if (group && this.isFenced(group, memberId, groupInstanceId)) {
      return ErrorCode.FENCED_INSTANCE_ID;
    }
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.scheduleExpiry(group, member);
    return group.is("PreparingRebalance") ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** LeaveGroup for one or more members (v3+ batches them); per-member error codes. */
  leave(groupId: string, members: MemberRef[]): { member: MemberRef; errorCode: number }[] {
    const group = this.groups.get(groupId);
    const results = members.map((ref) => {
      if (!group) return { member: ref, errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
      const memberId = ref.memberId !== ""
        ? ref.memberId
        : (ref.groupInstanceId !== null ? group.staticMembers.get(ref.groupInstanceId) : undefined);
      const member = memberId === undefined ? undefined : group.members.get(memberId);
      if (!member) return { member: ref, errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
      if (ref.memberId !== "" && this.isFenced(group, ref.memberId, ref.groupInstanceId)) {
        return { member: ref, errorCode: ErrorCode.FENCED_INSTANCE_ID };
      }
      this.removeMember(group, member, "left the group");
      return { member: ref, errorCode: ErrorCode.NONE };
    });
    if (group && results.some((r) => r.errorCode === ErrorCode.NONE)) {
      this.afterMemberRemoved(group, "a member left");
    }
    return results;
  }

  private isFenced(group: Group, memberId: string, groupInstanceId: string | null): boolean {
    if (groupInstanceId === null) return false;
    const current = group.staticMembers.get(groupInstanceId);
    return current !== undefined && current !== memberId;
  }

  // ---- membership bookkeeping --------------------------------------------------------------

  private scheduleExpiry(group: Group, member: Member): void {
    clearTimeout(member.expiryTimer);
    member.expiryTimer = setTimeout(
      () => this.expireMember(group, member),
      member.sessionTimeoutMs,
    );
  }

  private expireMember(group: Group, member: Member): void {
    if (group.members.get(member.memberId) !== member) return;
    if (member.awaitingJoin || member.awaitingSync) {
      // Waiting on the coordinator, not silent: keep it until the rebalance settles.
      this.scheduleExpiry(group, member);
      return;
    }
    this.opts.log.info("member session expired", {
      group: group.groupId,
      member: member.memberId,
      sessionTimeoutMs: member.sessionTimeoutMs,
    });
    this.removeMember(group, member, "session expired");
    this.afterMemberRemoved(group, `member ${member.memberId} session expired`);
  }

  private expirePendingMember(group: Group, memberId: string): void {
    group.pendingMemberIds.delete(memberId);
    this.maybeCompleteJoin(group);
    this.dropIfUnused(group);
  }

  private removeMember(group: Group, member: Member, why: string): void {
    clearTimeout(member.expiryTimer);
    member.awaitingJoin?.(failedJoin(ErrorCode.UNKNOWN_MEMBER_ID, member.memberId));
    member.awaitingJoin = null;
    member.awaitingSync?.(failedSync(ErrorCode.UNKNOWN_MEMBER_ID));
    member.awaitingSync = null;
    group.members.delete(member.memberId);
    if (member.groupInstanceId !== null) {
      if (group.staticMembers.get(member.groupInstanceId) === member.memberId) {
        group.staticMembers.delete(member.groupInstanceId);
      }
    }
    if (group.leaderId === member.memberId) group.leaderId = null;
    this.opts.log.debug("member removed", { group: group.groupId, member: member.memberId, why });
  }

  private afterMemberRemoved(group: Group, reason: string): void {
    if (group.is("Stable", "CompletingRebalance")) this.prepareRebalance(group, reason);
    else this.maybeCompleteJoin(group);
  }

  /** A group with no members, no pending joins and no offsets is forgotten. */
  private dropIfUnused(group: Group): void {
    if (
      group.is("Empty") && group.members.size === 0 && group.pendingMemberIds.size === 0 &&
      !this.offsets.hasOffsets(group.groupId)
    ) {
      this.groups.delete(group.groupId);
    }
  }

  // ---- offsets -----------------------------------------------------------------------------

  /**
   * OffsetCommit. A simple consumer (generation < 0, no member id) may commit for a group with
   * no members; a group member must be current (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION), and no
   * commit is taken between the join and the leader's sync (REBALANCE_IN_PROGRESS). Returns one
   * error code for the whole request, or NONE when each offset is then checked by the caller.
   */
  checkCommit(
    groupId: string,
    generationId: number,
    memberId: string,
    groupInstanceId: string | null,
  ): number {
    if (groupId === "") return ErrorCode.INVALID_GROUP_ID;
    let group = this.groups.get(groupId);
    if (generationId < 0 && (!group || group.is("Empty"))) {
      if (!group) {
        group = new Group(groupId);
        this.groups.set(groupId, group);
      }
      return ErrorCode.NONE;
    }
    if (!group) return ErrorCode.ILLEGAL_GENERATION;
    if (this.isFenced(group, memberId, groupInstanceId)) return ErrorCode.FENCED_INSTANCE_ID;
    if (group.is("CompletingRebalance")) return ErrorCode.REBALANCE_IN_PROGRESS;
    const member = group.members.get(memberId);
    if (!member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.scheduleExpiry(group, member);
    return ErrorCode.NONE;
  }

  commit(groupId: string, o: OffsetToCommit): number {
    if (o.metadata !== null && o.metadata.length > MAX_OFFSET_METADATA_CHARS) {
      return ErrorCode.OFFSET_METADATA_TOO_LARGE;
    }
    this.offsets.commit(groupId, o.topic, o.partition, {
      offset: o.offset,
      leaderEpoch: o.leaderEpoch,
      metadata: o.metadata,
      commitTimestampMs: this.opts.now(),
    });
    return ErrorCode.NONE;
  }

  /** A deleted topic's committed offsets go away from every group. */
  forgetTopic(topic: string): void {
    this.offsets.deleteTopic(topic);
    for (const group of [...this.groups.values()]) this.dropIfUnused(group);
  }

  // ---- views -------------------------------------------------------------------------------

  describe(groupId: string): GroupDescription {
    const group = this.groups.get(groupId);
    if (!group) {
      return {
        groupId,
        state: "Dead",
        protocolType: "",
        protocolName: "",
        generationId: -1,
        leaderId: "",
        members: [],
      };
    }
    // As Kafka's group summary: protocol, metadata and assignments only once Stable.
    const stable = group.is("Stable");
    return {
      groupId,
      state: group.state,
      protocolType: group.protocolType ?? "",
      protocolName: stable ? group.protocolName ?? "" : "",
      generationId: group.generationId,
      leaderId: group.leaderId ?? "",
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? group.metadataFor(m, group.protocolName!) : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }

  /** Every group the coordinator knows, including member-less groups that hold offsets. */
  list(): { groupId: string; state: string; protocolType: string }[] {
    const ids = new Set([...this.groups.keys(), ...this.offsets.groupIds()]);
    return [...ids].sort().map((groupId) => {
      const g = this.groups.get(groupId);
      return { groupId, state: g?.state ?? "Empty", protocolType: g?.protocolType ?? "consumer" };
    });
  }

  deleteGroup(groupId: string): number {
    const group = this.groups.get(groupId);
    if (!group && !this.offsets.hasOffsets(groupId)) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (group && !group.is("Empty")) return ErrorCode.NON_EMPTY_GROUP;
    if (group) {
      for (const timer of group.pendingMemberIds.values()) clearTimeout(timer);
      group.state = "Dead";
    }
    this.groups.delete(groupId);
    this.offsets.deleteGroup(groupId);
    this.opts.log.info("group deleted", { group: groupId });
    return ErrorCode.NONE;
  }

  /** Topics a group's members subscribe to (consumer protocol), for OffsetDelete. */
  subscribedTopics(groupId: string): Set<string> {
    return this.groups.get(groupId)?.subscribedTopics(subscriptionTopics) ?? new Set();
  }

  /** Stops every timer (broker shutdown). Pending requests are answered with an error. */
  close(): void {
    for (const group of this.groups.values()) {
      clearTimeout(group.joinTimer);
      for (const timer of group.pendingMemberIds.values()) clearTimeout(timer);
      for (const m of group.members.values()) {
        clearTimeout(m.expiryTimer);
        m.awaitingJoin?.(failedJoin(ErrorCode.COORDINATOR_NOT_AVAILABLE, m.memberId));
        m.awaitingSync?.(failedSync(ErrorCode.COORDINATOR_NOT_AVAILABLE));
      }
    }
  }
}

function failedJoin(errorCode: number, memberId: string): JoinOutcome {
  return {
    errorCode,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: "",
    memberId,
    members: [],
    skipAssignment: false,
  };
}

function failedSync(errorCode: number): SyncOutcome {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY };
}

function sameProtocols(a: Protocol[], b: Protocol[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].name !== b[i].name || !bytesEqual(a[i].metadata, b[i].metadata)) return false;
  }
  return true;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
