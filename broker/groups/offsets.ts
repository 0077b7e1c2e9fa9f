/**
 * Committed offsets: group -> topic -> partition -> offset, with the metadata string and leader
 * epoch the client committed. Any offset may be committed, backwards included.
 *
 * `onChange` sees every change (the durable modes record it in the meta journal); `restore` puts
 * back what a journal held, without reporting it again.
 */
import type { MetaChange } from "../../storage/meta_journal.ts";

/** A change as the meta journal records it. */
export type OffsetChange = Extract<MetaChange, { t: "commit" | "uncommit" }>;

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  commitTimestampMs: number;
}

export class OffsetStore {
  private readonly byGroup = new Map<string, Map<string, Map<number, CommittedOffset>>>();
  onChange: ((change: OffsetChange) => void) | null = null;

  /** Puts back offsets recovered from disk (group -> topic -> partition -> offset). */
  restore(offsets: Map<string, Map<string, Map<number, CommittedOffset>>>): void {
    for (const [groupId, topics] of offsets) {
      for (const [topic, partitions] of topics) {
        for (const [partition, committed] of partitions) {
          this.set(groupId, topic, partition, committed);
        }
      }
    }
  }

  commit(groupId: string, topic: string, partition: number, committed: CommittedOffset): void {
    this.set(groupId, topic, partition, committed);
    this.onChange?.({ t: "commit", group: groupId, topic, partition, committed });
  }

  private set(groupId: string, topic: string, partition: number, committed: CommittedOffset) {
    let topics = this.byGroup.get(groupId);
    if (!topics) this.byGroup.set(groupId, topics = new Map());
    let partitions = topics.get(topic);
    if (!partitions) topics.set(topic, partitions = new Map());
    partitions.set(partition, committed);
  }

  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.byGroup.get(groupId)?.get(topic)?.get(partition);
  }

  /** Every committed offset of a group, by topic. */
  ofGroup(groupId: string): Map<string, Map<number, CommittedOffset>> {
    return this.byGroup.get(groupId) ?? new Map();
  }

  hasOffsets(groupId: string): boolean {
    return (this.byGroup.get(groupId)?.size ?? 0) > 0;
  }

  groupIds(): string[] {
    return [...this.byGroup.keys()];
  }

  /** Groups that have committed offsets for `topic`. */
  groupsOf(topic: string): string[] {
    const out: string[] = [];
    for (const [groupId, topics] of this.byGroup) if (topics.has(topic)) out.push(groupId);
    return out;
  }

  deletePartition(groupId: string, topic: string, partition: number): boolean {
    const partitions = this.byGroup.get(groupId)?.get(topic);
    if (!partitions?.delete(partition)) return false;
    this.onChange?.({ t: "uncommit", group: groupId, topic, partition });
    if (partitions.size === 0) this.byGroup.get(groupId)!.delete(topic);
    if (this.byGroup.get(groupId)!.size === 0) this.byGroup.delete(groupId);
    return true;
  }

  deleteGroup(groupId: string): void {
    if (this.byGroup.delete(groupId)) this.onChange?.({ t: "uncommit", group: groupId });
  }

  /** A deleted topic's offsets go away from every group. */
  deleteTopic(topic: string): void {
    this.onChange?.({ t: "uncommit", topic });
    for (const [groupId, topics] of this.byGroup) {
      topics.delete(topic);
      if (topics.size === 0) this.byGroup.delete(groupId);
    }
  }
}
