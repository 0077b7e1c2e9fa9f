/**
 * One classic consumer group: its members, generation, chosen protocol and state.
 *
 * States and transitions (Kafka's classic group coordinator, GroupMetadata.scala):
 *
 *   Empty               no members (offsets may still be kept)
 *     -> PreparingRebalance   a member joins
 *   PreparingRebalance  waiting for every known member to (re)join, up to the rebalance timeout
 *     -> CompletingRebalance  all joined, or the timeout removed those that did not
 *     -> Empty                every member left or was removed
 *   CompletingRebalance joined; waiting for the leader's SyncGroup with the assignments
 *     -> Stable               the leader's assignments arrived
 *     -> PreparingRebalance   a member joined, left or died
 *   Stable              assignments handed out; heartbeats keep members alive
 *     -> PreparingRebalance   a member joined with new metadata, left or died
 *   Dead                the group was deleted
 *
 * The coordinator (coordinator.ts) drives the transitions; this class holds the data and
 * answers questions about it.
 */
export type GroupState = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable" | "Dead";

export interface Protocol {
  name: string;
  metadata: Uint8Array;
}

export interface JoinOutcome {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Uint8Array }[];
  skipAssignment: boolean;
}

export interface SyncOutcome {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Uint8Array;
}

export interface Member {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: Protocol[];
  assignment: Uint8Array;
  /** Set while the member waits for the JoinGroup response of the rebalance in progress. */
  awaitingJoin: ((outcome: JoinOutcome) => void) | null;
  /** Set while the member waits for its SyncGroup response. */
  awaitingSync: ((outcome: SyncOutcome) => void) | null;
  /** Session expiry timer (reset by heartbeats, joins and syncs). */
  expiryTimer: ReturnType<typeof setTimeout> | undefined;
}

const EMPTY = new Uint8Array(0);

export class Group {
  state: GroupState = "Empty";
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, Member>();
  /** Member ids handed out with MEMBER_ID_REQUIRED that have not joined yet (KIP-394). */
  readonly pendingMemberIds = new Map<string, ReturnType<typeof setTimeout>>();
  readonly staticMembers = new Map<string, string>(); // group.instance.id -> member id
  /** The join barrier's deadline timer while PreparingRebalance. */
  joinTimer: ReturnType<typeof setTimeout> | undefined;
  /** While the initial rebalance delay runs, joins extend it instead of completing the join. */
  initialDelayActive = false;
  /** Set by each new member; the initial delay is extended while members keep arriving. */
  newMemberAdded = false;

  constructor(readonly groupId: string) {}

  is(...states: GroupState[]): boolean {
    return states.includes(this.state);
  }

  /** Protocol names every member (but `excluding`) supports. */
  private commonProtocols(excluding?: string): Set<string> {
    const others = [...this.members.values()].filter((m) => m.memberId !== excluding);
    if (others.length === 0) return new Set();
    const common = new Set(others[0].protocols.map((p) => p.name));
    for (const m of others.slice(1)) {
      const names = new Set(m.protocols.map((p) => p.name));
      for (const n of [...common]) if (!names.has(n)) common.delete(n);
    }
    return common;
  }

  /** Whether a member offering these protocols can join (KIP: INCONSISTENT_GROUP_PROTOCOL). */
  supports(protocolType: string, protocols: Protocol[], replacing?: string): boolean {
    if (protocolType === "" || protocols.length === 0) return false;
    const hasOthers = [...this.members.keys()].some((id) => id !== replacing);
    if (!hasOthers) return true;
    if (protocolType !== this.protocolType) return false;
    const common = this.commonProtocols(replacing);
    return protocols.some((p) => common.has(p.name));
  }

  /**
   * Kafka's selection: among protocols every member supports, each member votes for the first
   * one in its own preference order; the most votes wins (ties: the first-listed by the leader).
   */
  selectProtocol(): string {
    const candidates = this.commonProtocols();
    if (candidates.size === 0) throw new Error(`group ${this.groupId} has no common protocol`);
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const vote = m.protocols.find((p) => candidates.has(p.name))!.name;
      votes.set(vote, (votes.get(vote) ?? 0) + 1);
    }
    const leader = this.leaderId ? this.members.get(this.leaderId) : undefined;
    const order = (leader ?? [...this.members.values()][0]).protocols.map((p) => p.name);
    let best = "";
    let bestVotes = -1;
    for (const name of order) {
      const v = votes.get(name) ?? 0;
      if (v > bestVotes) {
        best = name;
        bestVotes = v;
      }
    }
    return best;
  }

  metadataFor(member: Member, protocolName: string): Uint8Array {
    return member.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY;
  }

  allMembersJoined(): boolean {
    if (this.pendingMemberIds.size > 0) return false;
    for (const m of this.members.values()) if (!m.awaitingJoin) return false;
    return true;
  }

  /** The longest rebalance timeout of the members: how long the join barrier waits. */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  /** Topics the members subscribe to, when they use the "consumer" protocol type. */
  subscribedTopics(decode: (metadata: Uint8Array) => string[]): Set<string> {
    const topics = new Set<string>();
    if (this.protocolType !== "consumer" || this.protocolName === null) return topics;
    for (const m of this.members.values()) {
      for (const t of decode(this.metadataFor(m, this.protocolName))) topics.add(t);
    }
    return topics;
  }
}
