/**
 * Fetch (key 1): read record batches from partitions, long-polling up to max_wait_ms.
 *
 * Grammar (Kafka message definitions FetchRequest/Response.json; flexible from v12). Versions
 * 0-3 are decoded and answered, but only with an error per partition: they read message
 * formats v0/v1, and this broker stores record batch v2 only (see handlers/fetch.ts for why
 * they are listed at all).
 *
 *   FetchRequest v0-2   => replica_id: int32 max_wait_ms: int32 min_bytes: int32
 *                          topics: [topic: string
 *                            partitions: [partition: int32 fetch_offset: int64
 *                              partition_max_bytes: int32]]
 *   FetchRequest v3     => as v0-2 + max_bytes: int32 after min_bytes
 *   FetchRequest v4     => replica_id: int32 (default -1) max_wait_ms: int32 min_bytes: int32
 *                          max_bytes: int32 (default 0x7fffffff) isolation_level: int8 (default 0)
 *                          topics: [topic: string
 *                            partitions: [partition: int32 fetch_offset: int64
 *                              partition_max_bytes: int32]]
 *   FetchRequest v5-6   => as v4, each partition + log_start_offset: int64 (default -1)
 *                          after fetch_offset
 *   FetchRequest v7-8   => replica_id max_wait_ms min_bytes max_bytes isolation_level
 *                          session_id: int32 (default 0) session_epoch: int32 (default -1)
 *                          topics
 *                          forgotten_topics_data: [topic: string partitions: [int32]]
 *   FetchRequest v9-10  => as v7-8, each partition + current_leader_epoch: int32 (default -1)
 *                          after partition
 *   FetchRequest v11    => as v9-10 + rack_id: string (default "")
 *   FetchRequest v12    => the v11 fields (compact) _tagged_fields (in every struct too),
 *                          each partition + last_fetched_epoch: int32 (default -1)
 *                          after fetch_offset;
 *                          top-level tagged 0: cluster_id: compact_nullable_string (default null)
 *   FetchRequest v13-14 => as v12 with topic_id: uuid in place of topic, in topics and
 *                          forgotten_topics_data (KIP-516)
 *   FetchRequest v15-16 => as v13-14 without replica_id (KIP-903);
 *                          top-level tagged 1: replica_state: {replica_id: int32 (default -1)
 *                            replica_epoch: int64 (default -1)}
 *   FetchRequest v17    => as v15-16; partition tagged 0: replica_directory_id: uuid (KIP-853)
 *
 *   FetchResponse v0    => responses: [topic: string
 *                            partitions: [partition_index: int32 error_code: int16
 *                              high_watermark: int64 records: nullable_records]]
 *   FetchResponse v1-3  => throttle_time_ms: int32 responses (as v0)
 *   FetchResponse v4    => throttle_time_ms: int32
 *                          responses: [topic: string
 *                            partitions: [partition_index: int32 error_code: int16
 *                              high_watermark: int64 last_stable_offset: int64 (default -1)
 *                              aborted_transactions: nullable [producer_id: int64
 *                                first_offset: int64]
 *                              records: nullable_records]]
 *   FetchResponse v5-6  => as v4, each partition + log_start_offset: int64 (default -1)
 *                          after last_stable_offset
 *   FetchResponse v7-10 => throttle_time_ms error_code: int16 session_id: int32 (default 0)
 *                          responses
 *   FetchResponse v11   => as v7-10, each partition + preferred_read_replica: int32
 *                          (default -1) before records
 *   FetchResponse v12   => the v11 fields (compact) _tagged_fields (in every struct too);
 *                          partition tagged 0: diverging_epoch: {epoch: int32 (default -1)
 *                                                end_offset: int64 (default -1)}
 *                          partition tagged 1: current_leader: LeaderIdAndEpoch
 *                          partition tagged 2: snapshot_id: {end_offset: int64 (default -1)
 *                                                epoch: int32 (default -1)}
 *   FetchResponse v13-15 => as v12 with topic_id: uuid in place of topic (KIP-516)
 *   FetchResponse v16-17 => as v13-15; top-level tagged 0: node_endpoints: [NodeEndpoint]
 *
 * v10 allows zstd batches, v14 may answer OFFSET_MOVED_TO_TIERED_STORAGE; their wire format is
 * that of the version before.
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";
import type { LeaderIdAndEpoch, NodeEndpoint } from "./leader_discovery.ts";

export interface FetchReplicaState {
  replicaId: number;
  replicaEpoch: number;
}

export interface FetchPartition {
  partition: number;
  currentLeaderEpoch: number;
  fetchOffset: number;
  lastFetchedEpoch: number;
  logStartOffset: number;
  partitionMaxBytes: number;
  /** Tagged (v17+): sent only when given. */
  replicaDirectoryId?: string;
}

export interface FetchTopic {
  topic: string;
  topicId: string;
  partitions: FetchPartition[];
}

export interface FetchForgottenTopic {
  topic: string;
  topicId: string;
  partitions: number[];
}

export interface FetchRequestData {
  /** Tagged (v12+): sent only when non-null. */
  clusterId?: string | null;
  replicaId: number;
  /** Tagged (v15+): sent only when given. */
  replicaState?: FetchReplicaState;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: number;
  sessionId: number;
  sessionEpoch: number;
  topics: FetchTopic[];
  forgottenTopicsData: FetchForgottenTopic[];
  rackId: string;
}

export interface FetchEpochEndOffset {
  epoch: number;
  endOffset: number;
}

export interface FetchSnapshotId {
  endOffset: number;
  epoch: number;
}

export interface FetchAbortedTransaction {
  producerId: number;
  firstOffset: number;
}

export interface FetchPartitionData {
  partitionIndex: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** Tagged (v12+): sent only when given. */
  divergingEpoch?: FetchEpochEndOffset;
  /** Tagged (v12+): sent only when given. */
  currentLeader?: LeaderIdAndEpoch;
  /** Tagged (v12+): sent only when given. */
  snapshotId?: FetchSnapshotId;
  abortedTransactions: FetchAbortedTransaction[] | null;
  preferredReadReplica: number;
  /** Whole batches; a list of batch views is written back to back. */
  records: Uint8Array | Uint8Array[] | null;
}

export interface FetchTopicResponse {
  topic: string;
  topicId: string;
  partitions: FetchPartitionData[];
}

export interface FetchResponseData {
  throttleTimeMs: number;
  errorCode: number;
  sessionId: number;
  responses: FetchTopicResponse[];
  /** Tagged (v16+): sent only when non-empty. */
  nodeEndpoints?: NodeEndpoint[];
}

export const FetchRequest = new MessageCodec<FetchRequestData>({
  name: "FetchRequest",
  apiKey: 1,
  validVersions: "0-17",
  flexibleVersions: "12+",
  fields: [
    {
      name: "clusterId",
      type: "string",
      versions: "12+",
      nullable: "12+",
      default: null,
      tagged: "12+",
      tag: 0,
    },
    { name: "replicaId", type: "int32", versions: "0-14", default: -1 },
    {
      name: "replicaState",
      type: struct(
        { name: "replicaId", type: "int32", versions: "15+", default: -1 },
        { name: "replicaEpoch", type: "int64", versions: "15+", default: -1 },
      ),
      versions: "15+",
      tagged: "15+",
      tag: 1,
    },
    { name: "maxWaitMs", type: "int32", versions: "0+" },
    { name: "minBytes", type: "int32", versions: "0+" },
    { name: "maxBytes", type: "int32", versions: "3+", default: 0x7fffffff },
    { name: "isolationLevel", type: "int8", versions: "4+", default: 0 },
    { name: "sessionId", type: "int32", versions: "7+", default: 0 },
    { name: "sessionEpoch", type: "int32", versions: "7+", default: -1 },
    {
      name: "topics",
      type: arrayOf(struct(
        { name: "topic", type: "string", versions: "0-12" },
        { name: "topicId", type: "uuid", versions: "13+" },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "partition", type: "int32", versions: "0+" },
            { name: "currentLeaderEpoch", type: "int32", versions: "9+", default: -1 },
            { name: "fetchOffset", type: "int64", versions: "0+" },
            { name: "lastFetchedEpoch", type: "int32", versions: "12+", default: -1 },
            { name: "logStartOffset", type: "int64", versions: "5+", default: -1 },
            { name: "partitionMaxBytes", type: "int32", versions: "0+" },
            { name: "replicaDirectoryId", type: "uuid", versions: "17+", tagged: "17+", tag: 0 },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
    {
      name: "forgottenTopicsData",
      type: arrayOf(struct(
        { name: "topic", type: "string", versions: "7-12" },
        { name: "topicId", type: "uuid", versions: "13+" },
        { name: "partitions", type: arrayOf("int32"), versions: "7+" },
      )),
      versions: "7+",
    },
    { name: "rackId", type: "string", versions: "11+", default: "" },
  ],
});

export const FetchResponse = new MessageCodec<FetchResponseData>({
  name: "FetchResponse",
  apiKey: 1,
  validVersions: "0-17",
  flexibleVersions: "12+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "1+" },
    { name: "errorCode", type: "int16", versions: "7+" },
    { name: "sessionId", type: "int32", versions: "7+", default: 0 },
    {
      name: "responses",
      type: arrayOf(struct(
        { name: "topic", type: "string", versions: "0-12" },
        { name: "topicId", type: "uuid", versions: "13+" },
        {
          name: "partitions",
          type: arrayOf(struct(
            { name: "partitionIndex", type: "int32", versions: "0+" },
            { name: "errorCode", type: "int16", versions: "0+" },
            { name: "highWatermark", type: "int64", versions: "0+" },
            { name: "lastStableOffset", type: "int64", versions: "4+", default: -1 },
            { name: "logStartOffset", type: "int64", versions: "5+", default: -1 },
            {
              name: "divergingEpoch",
              type: struct(
                { name: "epoch", type: "int32", versions: "12+", default: -1 },
                { name: "endOffset", type: "int64", versions: "12+", default: -1 },
              ),
              versions: "12+",
              tagged: "12+",
              tag: 0,
            },
            {
              name: "currentLeader",
              type: struct(
                { name: "leaderId", type: "int32", versions: "12+", default: -1 },
                { name: "leaderEpoch", type: "int32", versions: "12+", default: -1 },
              ),
              versions: "12+",
              tagged: "12+",
              tag: 1,
            },
            {
              name: "snapshotId",
              type: struct(
                { name: "endOffset", type: "int64", versions: "0+", default: -1 },
                { name: "epoch", type: "int32", versions: "0+", default: -1 },
              ),
              versions: "12+",
              tagged: "12+",
              tag: 2,
            },
            {
              name: "abortedTransactions",
              type: arrayOf(struct(
                { name: "producerId", type: "int64", versions: "4+" },
                { name: "firstOffset", type: "int64", versions: "4+" },
              )),
              versions: "4+",
              nullable: "4+",
            },
            { name: "preferredReadReplica", type: "int32", versions: "11+", default: -1 },
            { name: "records", type: "records", versions: "0+", nullable: "0+" },
          )),
          versions: "0+",
        },
      )),
      versions: "0+",
    },
    {
      name: "nodeEndpoints",
      type: arrayOf(struct(
        { name: "nodeId", type: "int32", versions: "16+" },
        { name: "host", type: "string", versions: "16+" },
        { name: "port", type: "int32", versions: "16+" },
        { name: "rack", type: "string", versions: "16+", nullable: "16+", default: null },
      )),
      versions: "16+",
      tagged: "16+",
      tag: 0,
    },
  ],
});
