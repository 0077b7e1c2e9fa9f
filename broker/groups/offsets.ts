/**
 * Committed offsets: group -> topic -> partition -> offset, with the metadata string and leader
 * epoch the client committed. Any offset may be committed, backwards included.
 */
export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  commitTimestampMs: number;
}

export class OffsetStore {
  private readonly byGroup = new Map<string, Map<string, Map<number, CommittedOffset>>>();

  commit(groupId: string, topic: string, partition: number, committed: CommittedOffset): void {
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
    if (partitions.size === 0) this.byGroup.get(groupId)!.delete(topic);
    if (this.byGroup.get(groupId)!.size === 0) this.byGroup.delete(groupId);
    return true;
  }

  deleteGroup(groupId: string): void {
    this.byGroup.delete(groupId);
  }

  /** A deleted topic's offsets go away from every group. */
  deleteTopic(topic: string): void {
    for (const [groupId, topics] of this.byGroup) {
      topics.delete(topic);
      if (topics.size === 0) this.byGroup.delete(groupId);
    }
  }
}
