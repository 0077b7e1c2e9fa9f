/**
 * Idempotent producer bookkeeping (KIP-98): producer ids handed out by InitProducerId, and per
 * (producer id, partition) the recent batches' sequence numbers, so that a retried batch is
 * acknowledged with its original offset instead of being stored twice, and a gap is refused.
 *
 * Like Kafka, the last 5 batches per producer and partition are remembered (a producer has at most
 * 5 requests in flight with idempotence on). Sequence numbers wrap at 2^31 - 1.
 */
export const REMEMBERED_BATCHES = 5;
const SEQUENCE_WRAP = 2 ** 31;

interface BatchRecord {
  firstSequence: number;
  lastSequence: number;
  baseOffset: number;
}

interface ProducerPartitionState {
  epoch: number;
  batches: BatchRecord[]; // oldest first, at most REMEMBERED_BATCHES
}

export type SequenceCheck =
  | { kind: "append" }
  | { kind: "duplicate"; baseOffset: number }
  | { kind: "out_of_order"; expected: number }
  | { kind: "fenced" };

export class ProducerState {
  private nextProducerId = 1000;
  private readonly epochs = new Map<number, number>();
  private readonly transactionalIds = new Map<string, number>();
  private readonly partitions = new Map<string, ProducerPartitionState>();

  /** InitProducerId: a new id (epoch 0), or for a known transactional id the same id, epoch + 1. */
  initProducer(transactionalId: string | null): { producerId: number; producerEpoch: number } {
    if (transactionalId !== null) {
      const known = this.transactionalIds.get(transactionalId);
      if (known !== undefined) {
        const epoch = ((this.epochs.get(known) ?? 0) + 1) % 32767;
        this.epochs.set(known, epoch);
        return { producerId: known, producerEpoch: epoch };
      }
    }
    const producerId = this.nextProducerId++;
    this.epochs.set(producerId, 0);
    if (transactionalId !== null) this.transactionalIds.set(transactionalId, producerId);
    return { producerId, producerEpoch: 0 };
  }

  /**
   * KIP-360: a producer that knows its id and epoch asks for the next epoch; null when the id is
   * unknown or the epoch is not its current one (fenced).
   */
  bumpEpoch(
    producerId: number,
    producerEpoch: number,
  ): { producerId: number; producerEpoch: number } | null {
    const current = this.epochs.get(producerId);
    if (current === undefined || current !== producerEpoch) return null;
    const next = (current + 1) % 32767;
    this.epochs.set(producerId, next);
    return { producerId, producerEpoch: next };
  }

  private key(producerId: number, topic: string, partition: number): string {
    return `${producerId}\u0000${topic}\u0000${partition}`;
  }

  /** Decides what to do with a batch of an idempotent producer before storing it. */
  check(
    producerId: number,
    producerEpoch: number,
    topic: string,
    partition: number,
    firstSequence: number,
    recordCount: number,
  ): SequenceCheck {
    const state = this.partitions.get(this.key(producerId, topic, partition));
    if (!state) return { kind: "append" };
    if (producerEpoch < state.epoch) return { kind: "fenced" };
    if (producerEpoch > state.epoch) {
      // A bumped epoch restarts sequences at 0 (KIP-360).
      return firstSequence === 0 ? { kind: "append" } : { kind: "out_of_order", expected: 0 };
    }
    const lastSequence = (firstSequence + recordCount - 1) % SEQUENCE_WRAP;
    for (const b of state.batches) {
      if (b.firstSequence === firstSequence && b.lastSequence === lastSequence) {
        return { kind: "duplicate", baseOffset: b.baseOffset };
      }
    }
    const last = state.batches[state.batches.length - 1];
    const expected = (last.lastSequence + 1) % SEQUENCE_WRAP;
    return firstSequence === expected ? { kind: "append" } : { kind: "out_of_order", expected };
  }

  /** Records a stored batch of an idempotent producer. */
  recordAppend(
    producerId: number,
    producerEpoch: number,
    topic: string,
    partition: number,
    firstSequence: number,
    recordCount: number,
    baseOffset: number,
  ): void {
    const key = this.key(producerId, topic, partition);
    let state = this.partitions.get(key);
    if (!state || producerEpoch > state.epoch) {
      state = { epoch: producerEpoch, batches: [] };
      this.partitions.set(key, state);
    }
    state.batches.push({
      firstSequence,
      lastSequence: (firstSequence + recordCount - 1) % SEQUENCE_WRAP,
      baseOffset,
    });
    if (state.batches.length > REMEMBERED_BATCHES) state.batches.shift();
  }

  /**
   * Recovery: a batch of an idempotent producer found in the WAL, oldest first. Its sequences are
   * remembered as at append time, and new producer ids are handed out above every recovered one.
   */
  restoreAppend(...batch: Parameters<ProducerState["recordAppend"]>): void {
    const [producerId, producerEpoch] = batch;
    this.nextProducerId = Math.max(this.nextProducerId, producerId + 1);
    this.epochs.set(producerId, Math.max(this.epochs.get(producerId) ?? 0, producerEpoch));
    this.recordAppend(...batch);
  }

  /** Forgets the sequences of a deleted topic's partitions. */
  forgetTopic(topic: string): void {
    const infix = `\u0000${topic}\u0000`;
    for (const key of this.partitions.keys()) {
      if (key.includes(infix)) this.partitions.delete(key);
    }
  }
}
