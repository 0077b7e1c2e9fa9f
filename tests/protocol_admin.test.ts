/**
 * Admin and group-related behaviour over a raw socket: DescribeCluster, OffsetForLeaderEpoch,
 * and group-aware purge_on_fetch driven by OffsetCommit.
 */
import assert from "node:assert/strict";
import {
  DescribeClusterRequest,
  DescribeClusterResponse,
} from "../broker/messages/describe_cluster.ts";
import {
  OffsetForLeaderEpochRequest,
  OffsetForLeaderEpochResponse,
} from "../broker/messages/offset_for_leader_epoch.ts";
import { OffsetCommitRequest, OffsetCommitResponse } from "../broker/messages/offset_commit.ts";
import { FetchRequest, FetchResponse } from "../broker/messages/fetch.ts";
import { ProduceRequest, ProduceResponse } from "../broker/messages/produce.ts";
import { ErrorCode } from "../broker/protocol/errors.ts";
import { withBroker } from "./helpers/broker.ts";
import { RawClient } from "./helpers/raw_client.ts";
import { batchOf, fetchRequest, produceRequest } from "./helpers/requests.ts";

Deno.test("DescribeCluster: one broker at the advertised host and the port asked on", async () => {
  await withBroker({ kafkaHostname: "blink.example" }, async (b) => {
    const c = await RawClient.connect(b.port);
    try {
      const r = await c.request(DescribeClusterRequest, DescribeClusterResponse, 1, {
        includeClusterAuthorizedOperations: false,
        endpointType: 1,
      });
      assert.equal(r.errorCode, 0);
      assert.equal(r.clusterId, b.broker.clusterId);
      assert.equal(r.controllerId, 0);
      assert.deepEqual(
        r.brokers.map((x) => [x.brokerId, x.host, x.port]),
        [[0, "blink.example", b.port]],
      );
      const controllers = await c.request(DescribeClusterRequest, DescribeClusterResponse, 1, {
        includeClusterAuthorizedOperations: false,
        endpointType: 2,
      });
      assert.equal(controllers.errorCode, ErrorCode.UNSUPPORTED_ENDPOINT_TYPE);
    } finally {
      c.close();
    }
  });
});

Deno.test("OffsetForLeaderEpoch: epoch 0 ends at the high watermark", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("epochs", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      await c.request(
        ProduceRequest,
        ProduceResponse,
        8,
        produceRequest("epochs", 0, batchOf("a", "b")),
      );
      const ask = async (leaderEpoch: number, currentLeaderEpoch: number, partition = 0) => {
        const r = await c.request(OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse, 4, {
          replicaId: -1,
          topics: [{
            topic: "epochs",
            partitions: [{ partition, currentLeaderEpoch, leaderEpoch }],
          }],
        });
        const p = r.topics[0].partitions[0];
        return [p.errorCode, p.leaderEpoch, p.endOffset];
      };
      assert.deepEqual(await ask(0, 0), [0, 0, 2]);
      assert.deepEqual(await ask(3, -1), [0, -1, -1], "a later epoch is undefined");
      assert.deepEqual(await ask(0, 5), [ErrorCode.UNKNOWN_LEADER_EPOCH, -1, -1]);
      assert.deepEqual(await ask(0, 0, 9), [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1, -1]);
    } finally {
      c.close();
    }
  });
});

Deno.test("purge_on_fetch with groups: a batch goes only once every consuming group committed past it", async () => {
  await withBroker({ purgeOnFetch: true }, async (b) => {
    b.broker.createTopic("shared", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      for (const v of ["a", "b", "c"]) {
        await c.request(
          ProduceRequest,
          ProduceResponse,
          8,
          produceRequest("shared", 0, batchOf(v)),
        );
      }
      const commit = async (groupId: string, offset: number) => {
        const r = await c.request(OffsetCommitRequest, OffsetCommitResponse, 2, {
          groupId,
          generationIdOrMemberEpoch: -1,
          memberId: "",
          groupInstanceId: null,
          retentionTimeMs: -1,
          topics: [{
            name: "shared",
            partitions: [{
              partitionIndex: 0,
              committedOffset: offset,
              committedLeaderEpoch: -1,
              commitTimestamp: -1,
              committedMetadata: "",
            }],
          }],
        });
        assert.equal(r.topics[0].partitions[0].errorCode, 0);
      };
      const log = b.broker.store.partition("shared", 0)!;
      await commit("first", 0);
      await commit("second", 0);
      // A consumer of a group-consumed topic fetching everything moves nothing.
      const f = await c.request(FetchRequest, FetchResponse, 11, fetchRequest("shared", 0, 0));
      assert.equal(f.responses[0].partitions[0].highWatermark, 3);
      assert.equal(log.logStartOffset, 0);
      await commit("first", 3);
      assert.equal(log.logStartOffset, 0, "the second group has not read past anything yet");
      await commit("second", 2);
      assert.deepEqual([log.logStartOffset, log.batchCount], [2, 1]);
      // Rewinding a group below the start cannot bring data back: the start never moves down.
      await commit("second", 1);
      assert.equal(log.logStartOffset, 2);
      await commit("second", 3);
      assert.deepEqual([log.logStartOffset, log.batchCount], [3, 0]);
    } finally {
      c.close();
    }
  });
});
