/**
 * Connection-level behaviour over a raw socket: version negotiation and refusal, malformed and
 * oversized frames, pipelining with responses in request order, acks=0.
 */
import assert from "node:assert/strict";
import { ApiVersionsRequest, ApiVersionsResponse } from "../broker/messages/api_versions.ts";
import { MetadataRequest, MetadataResponse } from "../broker/messages/metadata.ts";
import { FetchRequest, FetchResponse } from "../broker/messages/fetch.ts";
import { ProduceRequest, ProduceResponse } from "../broker/messages/produce.ts";
import { ErrorCode } from "../broker/protocol/errors.ts";
import { JoinGroupRequest, JoinGroupResponse } from "../broker/messages/join_group.ts";
import {
  DescribeGroupsRequest,
  DescribeGroupsResponse,
} from "../broker/messages/describe_groups.ts";
import { SyncGroupRequest, SyncGroupResponse } from "../broker/messages/sync_group.ts";
import { splitAndValidate } from "../broker/records/batch_header.ts";
import { decodeBatch } from "../broker/records/record_codec.ts";
import { HANDLERS } from "../broker/handlers/index.ts";
import { withBroker } from "./helpers/broker.ts";
import { RawClient } from "./helpers/raw_client.ts";
import { batchOf, fetchRequest, produceRequest } from "./helpers/requests.ts";

const noClientSoftware = { clientSoftwareName: "raw", clientSoftwareVersion: "1" };

Deno.test("ApiVersions lists exactly the handler table, Produce and Fetch from v0", async () => {
  await withBroker({}, async (b) => {
    const c = await RawClient.connect(b.port);
    try {
      const r = await c.request(ApiVersionsRequest, ApiVersionsResponse, 3, noClientSoftware);
      assert.equal(r.errorCode, ErrorCode.NONE);
      assert.deepEqual(
        r.apiKeys.map((k) => k.apiKey),
        HANDLERS.map((h) => h.key).sort((a, b) => a - b),
      );
      const produce = r.apiKeys.find((k) => k.apiKey === 0)!;
      const fetch = r.apiKeys.find((k) => k.apiKey === 1)!;
      // From v0: librdkafka <= 2.11 compresses with gzip/snappy/lz4 only when Produce v0 is listed.
      assert.deepEqual([produce.minVersion, produce.maxVersion], [0, 11]);
      assert.deepEqual([fetch.minVersion, fetch.maxVersion], [0, 17]);
      assert.equal(r.apiKeys.find((k) => k.apiKey === 3)!.minVersion, 0, "Metadata v0+ kept");
    } finally {
      c.close();
    }
  });
});

Deno.test("ApiVersions above our maximum gets the v0 fallback with UNSUPPORTED_VERSION", async () => {
  await withBroker({}, async (b) => {
    const c = await RawClient.connect(b.port);
    try {
      // A v9 request: header v2 with an empty body is what a future client would send.
      const f = c.frame(ApiVersionsRequest, 3, noClientSoftware);
      new DataView(f.bytes.buffer).setInt16(6, 9); // request_api_version
      await c.write(f.bytes);
      const r = await c.receive(ApiVersionsResponse, 0);
      assert.equal(r.correlationId, f.correlationId);
      assert.equal(r.value.errorCode, ErrorCode.UNSUPPORTED_VERSION);
      assert.ok(r.value.apiKeys.some((k) => k.apiKey === 18 && k.maxVersion === 4));
    } finally {
      c.close();
    }
  });
});

Deno.test("an unknown API or version is refused and the connection stays", async () => {
  await withBroker({}, async (b) => {
    const c = await RawClient.connect(b.port);
    try {
      for (const [apiKey, version] of [[57, 0], [0, 12], [1, 18], [3, 99]]) {
        const f = c.frame(MetadataRequest, 1, { topics: [] } as never, apiKey);
        new DataView(f.bytes.buffer).setInt16(6, version);
        await c.write(f.bytes);
        const { correlationId, body } = await c.readFrame();
        assert.equal(correlationId, f.correlationId);
        assert.equal(body.int16(), ErrorCode.UNSUPPORTED_VERSION, `api ${apiKey} v${version}`);
      }
      const md = await c.request(MetadataRequest, MetadataResponse, 1, {
        topics: [],
      } as never);
      assert.equal(md.brokers[0].port, b.port);
    } finally {
      c.close();
    }
  });
});

Deno.test("a malformed frame closes only its own connection", async () => {
  await withBroker({}, async (b) => {
    const bad = await RawClient.connect(b.port);
    const good = await RawClient.connect(b.port);
    try {
      // A Metadata v1 frame whose topic array claims a million entries.
      await bad.write(
        new Uint8Array([0, 0, 0, 14, 0, 3, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0x0f, 0x42, 0x40]),
      );
      assert.equal(await bad.closedByPeer(), true);
      const md = await good.request(
        MetadataRequest,
        MetadataResponse,
        1,
        { topics: null } as never,
      );
      assert.equal(md.brokers.length, 1);
    } finally {
      bad.close();
      good.close();
    }
  });
});

Deno.test("a frame over max_frame_size closes the connection; others keep working", async () => {
  await withBroker({ maxFrameSizeBytes: 64 * 1024 }, async (b) => {
    const bad = await RawClient.connect(b.port);
    const good = await RawClient.connect(b.port);
    try {
      await bad.write(new Uint8Array([0, 0x10, 0, 0])); // 1 MiB announced
      assert.equal(await bad.closedByPeer(), true);
      const r = await good.request(ApiVersionsRequest, ApiVersionsResponse, 0, noClientSoftware);
      assert.equal(r.errorCode, 0);
    } finally {
      bad.close();
      good.close();
    }
  });
});

Deno.test("pipelined requests are answered in order while a fetch long-polls", async () => {
  await withBroker({}, async (b) => {
    const topic = "pipelined";
    b.broker.createTopic(topic, 1, {});
    const c = await RawClient.connect(b.port);
    const producer = await RawClient.connect(b.port);
    try {
      const fetchId = await c.send(
        FetchRequest,
        11,
        fetchRequest(topic, 0, 0, { maxWaitMs: 3000 }),
      );
      const mdId = await c.send(MetadataRequest, 1, { topics: null } as never);
      const avId = await c.send(ApiVersionsRequest, 0, noClientSoftware);
      // Another connection is not blocked by the parked fetch.
      const started = Date.now();
      const produced = await producer.request(
        ProduceRequest,
        ProduceResponse,
        8,
        produceRequest(topic, 0, batchOf("wake")),
      );
      assert.equal(produced.responses[0].partitionResponses[0].errorCode, 0);
      const f = await c.receive(FetchResponse, 11);
      const woke = Date.now() - started;
      assert.equal(f.correlationId, fetchId);
      const p = f.value.responses[0].partitions[0];
      assert.equal(p.highWatermark, 1);
      assert.ok((p.records as Uint8Array).length > 61);
      assert.ok(woke < 1000, `fetch woken by the append after ${woke} ms`);
      assert.equal((await c.receive(MetadataResponse, 1)).correlationId, mdId);
      assert.equal((await c.receive(ApiVersionsResponse, 0)).correlationId, avId);
    } finally {
      c.close();
      producer.close();
    }
  });
});

Deno.test("Produce v0-2 and Fetch v0-3 are answered with UNSUPPORTED_FOR_MESSAGE_FORMAT", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("old", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      for (const v of [0, 1, 2]) {
        const r = await c.request(
          ProduceRequest,
          ProduceResponse,
          v,
          produceRequest("old", 0, batchOf("x")),
        );
        assert.equal(
          r.responses[0].partitionResponses[0].errorCode,
          ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
        );
      }
      for (const v of [0, 1, 2, 3]) {
        const r = await c.request(FetchRequest, FetchResponse, v, fetchRequest("old", 0, 0));
        assert.equal(
          r.responses[0].partitions[0].errorCode,
          ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT,
        );
      }
      assert.equal(b.broker.store.partition("old", 0)!.nextOffset, 0, "nothing stored");
    } finally {
      c.close();
    }
  });
});

Deno.test("acks=0 gets no response and the next request is answered", async () => {
  await withBroker({}, async (b) => {
    b.broker.createTopic("acks0", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      await c.send(ProduceRequest, 8, produceRequest("acks0", 0, batchOf("a", "b"), 0));
      const id = await c.send(MetadataRequest, 1, { topics: null } as never);
      const r = await c.receive(MetadataResponse, 1);
      assert.equal(r.correlationId, id);
      assert.equal(b.broker.store.partition("acks0", 0)!.nextOffset, 2);
    } finally {
      c.close();
    }
  });
});

Deno.test("large frames reuse buffers without touching what earlier requests kept", async () => {
  // A JoinGroup keeps its member metadata; the Produce frames that follow on the same connection
  // are read into the buffer the JoinGroup frame came in, and must not overwrite that metadata.
  await withBroker({ groupInitialRebalanceDelayMs: 0 }, async (b) => {
    b.broker.createTopic("big-frames", 1, {});
    const c = await RawClient.connect(b.port);
    try {
      const metadata = new Uint8Array(300 * 1024).fill(0xa5);
      const joinId = await c.send(JoinGroupRequest, 2, {
        groupId: "big-meta",
        sessionTimeoutMs: 10000,
        rebalanceTimeoutMs: 10000,
        memberId: "",
        groupInstanceId: null,
        protocolType: "consumer",
        protocols: [{ name: "range", metadata }],
        reason: null,
      });
      const big = "b".repeat(400 * 1024);
      const produceIds: number[] = [];
      for (let i = 0; i < 3; i++) {
        produceIds.push(
          await c.send(ProduceRequest, 8, produceRequest("big-frames", 0, batchOf(big + i))),
        );
      }
      const join = await c.receive(JoinGroupResponse, 2);
      assert.equal(join.correlationId, joinId);
      assert.equal(join.value.errorCode, 0);
      for (const id of produceIds) {
        const p = await c.receive(ProduceResponse, 8);
        assert.equal(p.correlationId, id);
        assert.equal(p.value.responses[0].partitionResponses[0].errorCode, 0);
      }
      // Kafka shows member metadata once the group is stable, i.e. after SyncGroup.
      const synced = await c.request(SyncGroupRequest, SyncGroupResponse, 1, {
        groupId: "big-meta",
        generationId: join.value.generationId,
        memberId: join.value.memberId,
        groupInstanceId: null,
        protocolType: null,
        protocolName: null,
        assignments: [{ memberId: join.value.memberId, assignment: new Uint8Array(4) }],
      });
      assert.equal(synced.errorCode, 0);
      const described = await c.request(DescribeGroupsRequest, DescribeGroupsResponse, 0, {
        groups: ["big-meta"],
        includeAuthorizedOperations: false,
      });
      const kept = described.groups[0].members[0].memberMetadata;
      assert.equal(kept.length, metadata.length);
      assert.ok(kept.every((x) => x === 0xa5), "member metadata intact");
      const stored = b.broker.store.partition("big-frames", 0)!;
      assert.equal(stored.nextOffset, 3);
      const fetched = await c.request(
        FetchRequest,
        FetchResponse,
        11,
        fetchRequest("big-frames", 0, 0, { partitionMaxBytes: 4 * 1024 * 1024 }),
      );
      const split = splitAndValidate(fetched.responses[0].partitions[0].records as Uint8Array);
      assert.ok(!("error" in split), "fetched batches are valid");
      assert.deepEqual(
        split.batches.flatMap((x) => decodeBatch(x.bytes)).map((r) =>
          new TextDecoder().decode(r.value!)
        ),
        [big + 0, big + 1, big + 2],
      );
    } finally {
      c.close();
    }
  });
});
