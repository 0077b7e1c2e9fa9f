/**
 * The benchmark's Kafka client: @platformatic/kafka (pure TypeScript, the fastest JS client we
 * map). Producers send with acks=1 (the disk-tier suite's sync run: acks=-1) and no compression;
 * consuming uses `Consumer.fetch`, a plain Fetch request on explicit partitions and offsets that
 * never joins a consumer group (the `groupId` the constructor insists on is never sent).
 */
import { Admin, Consumer, FetchIsolationLevels, ProduceAcks, Producer } from "@platformatic/kafka";
import type { Buffer } from "node:buffer";
import assert from "node:assert/strict";

/** Every request is bounded; a broker that stops answering fails the run instead of hanging. */
const REQUEST_TIMEOUT_MS = 10_000;
const ZERO_UUID = "00000000-0000-0000-0000-000000000000";
/** librdkafka's defaults: fetch.max.bytes 50 MiB, max.partition.fetch.bytes 1 MiB. */
const FETCH_MAX_BYTES = 50 * 1024 * 1024;
const PARTITION_FETCH_MAX_BYTES = 1024 * 1024;

export type BenchProducer = Producer<Buffer, Buffer, Buffer, Buffer>;
export type BenchConsumer = Consumer<Buffer, Buffer, Buffer, Buffer>;

export function newProducer(
  bootstrap: string,
  maxInflights: number,
  acks: number = ProduceAcks.LEADER,
): BenchProducer {
  return new Producer({
    clientId: "blink-bench-producer",
    bootstrapBrokers: [bootstrap],
    acks,
    timeout: REQUEST_TIMEOUT_MS,
    maxInflights,
    retries: 0,
  });
}

export function newConsumer(bootstrap: string): BenchConsumer {
  return new Consumer({
    clientId: "blink-bench-consumer",
    groupId: "blink-bench-unused",
    bootstrapBrokers: [bootstrap],
    timeout: REQUEST_TIMEOUT_MS,
    retries: 0,
  });
}

export interface CreatedTopic {
  name: string;
  id: string;
  /** Node id of the partitions' leader (a single broker leads them all here). */
  leaderNodeId: number;
}

function newAdmin(bootstrap: string): Admin {
  return new Admin({
    clientId: "blink-bench-admin",
    bootstrapBrokers: [bootstrap],
    timeout: REQUEST_TIMEOUT_MS,
  });
}

/** Id and leader of an existing topic, which `fetch` needs; checks its partition count. */
async function topicFacts(admin: Admin, name: string, partitions: number): Promise<CreatedTopic> {
  const metadata = await admin.metadata({ topics: [name] });
  const topic = metadata.topics.get(name);
  assert.ok(topic, `metadata has no topic ${name}`);
  assert.notEqual(topic.id, ZERO_UUID, `topic ${name} has no id`);
  assert.equal(topic.partitionsCount, partitions);
  const leaders = new Set(topic.partitions.map((p) => p.leader));
  assert.equal(leaders.size, 1, `the benchmark expects one leader, got ${[...leaders]}`);
  return { name, id: topic.id, leaderNodeId: [...leaders][0] };
}

/** Creates a fresh topic and returns its id and leader, which `fetch` needs. */
export async function createTopic(
  bootstrap: string,
  name: string,
  partitions: number,
): Promise<CreatedTopic> {
  return await withAdmin(bootstrap, async (admin) => {
    await admin.createTopics({ topics: [name], partitions, replicas: 1 });
    return await topicFacts(admin, name, partitions);
  });
}

/** An existing topic (one a restarted broker recovered), as createTopic returns it. */
export async function describeTopic(
  bootstrap: string,
  name: string,
  partitions: number,
): Promise<CreatedTopic> {
  return await withAdmin(bootstrap, (admin) => topicFacts(admin, name, partitions));
}

/** Runs `work` with an admin client on `bootstrap`, closed afterwards. */
async function withAdmin<T>(
  bootstrap: string,
  work: (admin: Admin) => Promise<T>,
): Promise<T> {
  const admin = newAdmin(bootstrap);
  try {
    return await work(admin);
  } finally {
    await admin.close();
  }
}

/** Called for every fetched record at or past the asked offset, in partition order. */
export type RecordSink = (partition: number, offset: bigint, value: Buffer) => void;

/**
 * One Fetch request for `positions` (partition -> next offset) of `topic`: hands each record to
 * `onRecord`, advances `positions` past them and returns how many there were. Long-polls up to
 * `maxWaitMs` when nothing is ready.
 */
export async function fetchOnce(
  consumer: BenchConsumer,
  topic: CreatedTopic,
  positions: Map<number, bigint>,
  maxWaitMs: number,
  onRecord: RecordSink,
): Promise<number> {
  const response = await consumer.fetch({
    node: topic.leaderNodeId,
    maxWaitTime: maxWaitMs,
    minBytes: 1,
    maxBytes: FETCH_MAX_BYTES,
    isolationLevel: FetchIsolationLevels.READ_UNCOMMITTED,
    topics: [{
      topicId: topic.id,
      partitions: [...positions].map(([partition, offset]) => ({
        partition,
        currentLeaderEpoch: -1,
        fetchOffset: offset,
        lastFetchedEpoch: -1,
        partitionMaxBytes: PARTITION_FETCH_MAX_BYTES,
      })),
    }],
  });
  let count = 0;
  for (const t of response.responses) {
    for (const p of t.partitions) {
      if (p.errorCode !== 0) {
        throw new Error(`fetch ${topic.name}[${p.partitionIndex}]: error code ${p.errorCode}`);
      }
      let next = positions.get(p.partitionIndex);
      assert.ok(next !== undefined, `fetch answered partition ${p.partitionIndex} not asked for`);
      for (const batch of p.records ?? []) {
        for (const r of batch.records) {
          const offset = batch.firstOffset + BigInt(r.offsetDelta);
          // Whole batches come back; records before the asked offset are skipped, as clients do.
          if (offset < next) continue;
          if (r.value === null) {
            throw new Error(`${topic.name}[${p.partitionIndex}]@${offset}: null value`);
          }
          onRecord(p.partitionIndex, offset, r.value);
          next = offset + 1n;
          count++;
        }
      }
      positions.set(p.partitionIndex, next);
    }
  }
  return count;
}
