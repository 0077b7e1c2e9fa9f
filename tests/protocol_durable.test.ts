/**
 * What a durable broker (durability async) keeps across a restart, over a raw socket: an
 * idempotent producer's sequences, so a batch retried after the restart is acknowledged with its
 * original offset and not stored twice, and producer ids handed out after it do not collide.
 */
import assert from "node:assert/strict";
import {
  InitProducerIdRequest,
  InitProducerIdResponse,
} from "../broker/messages/init_producer_id.ts";
import { ProduceRequest, ProduceResponse } from "../broker/messages/produce.ts";
import { ErrorCode } from "../broker/protocol/errors.ts";
import { buildBatch } from "../broker/records/record_codec.ts";
import { freshStorageDir, withBroker } from "./helpers/broker.ts";
import { RawClient } from "./helpers/raw_client.ts";
import { produceRequest, values } from "./helpers/requests.ts";

async function produce(c: RawClient, batch: Uint8Array) {
  const r = await c.request(ProduceRequest, ProduceResponse, 8, produceRequest("idem", 0, batch));
  return r.responses[0].partitionResponses[0];
}

Deno.test("durable: an idempotent producer's retry after a restart is not stored twice", async () => {
  const settings = { durability: "async" as const, recordStoragePath: freshStorageDir() };
  const id = { producerId: 0, producerEpoch: 0 };
  /** The batch the producer sent before the restart and retries after it. */
  let retried: Uint8Array = new Uint8Array(0);
  await withBroker(settings, async (b) => {
    const c = await RawClient.connect(b.port);
    try {
      const init = await c.request(InitProducerIdRequest, InitProducerIdResponse, 4, {
        transactionalId: null,
        transactionTimeoutMs: 60_000,
        producerId: -1,
        producerEpoch: -1,
      });
      id.producerId = init.producerId;
      b.broker.createTopic("idem", 1, {});
      retried = buildBatch(values("a", "b"), { ...id, baseSequence: 0 });
      assert.equal((await produce(c, buildBatch(values("x"), {}))).baseOffset, 0);
      assert.equal((await produce(c, retried)).baseOffset, 1);
    } finally {
      c.close();
    }
  });
  await withBroker(settings, async (b) => {
    const c = await RawClient.connect(b.port);
    try {
      const log = b.broker.store.partition("idem", 0)!;
      assert.equal(log.nextOffset, 3);
      const again = await produce(c, retried);
      assert.equal(again.errorCode, ErrorCode.NONE);
      assert.equal(again.baseOffset, 1, "acknowledged with its original offset");
      assert.equal(log.nextOffset, 3, "not stored twice");
      const next = buildBatch(values("c"), { ...id, baseSequence: 2 });
      assert.equal((await produce(c, next)).baseOffset, 3);
      const gap = buildBatch(values("e"), { ...id, baseSequence: 9 });
      assert.equal((await produce(c, gap)).errorCode, ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
      const init = await c.request(InitProducerIdRequest, InitProducerIdResponse, 4, {
        transactionalId: null,
        transactionTimeoutMs: 60_000,
        producerId: -1,
        producerEpoch: -1,
      });
      assert.ok(
        init.producerId > id.producerId,
        "a new producer id does not reuse a recovered one",
      );
    } finally {
      c.close();
    }
  });
});
