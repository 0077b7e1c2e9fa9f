/**
 * Test helper: fills a small broker past its memory so batches spill to the disk tier. Produces
 * over a raw Kafka connection (the same path as any client) and waits for the first spill.
 */
import assert from "node:assert/strict";
import { ProduceRequest, ProduceResponse } from "../../broker/messages/produce.ts";
import { buildBatch } from "../../broker/records/record_codec.ts";
import type { TestBroker } from "./broker.ts";
import { RawClient } from "./raw_client.ts";
import { produceRequest } from "./requests.ts";
import { waitUntil } from "./wait_until.ts";

const MIB = 1024 * 1024;

export interface SpillOptions {
  /** Record bytes to produce in all; 20 MiB unless given. */
  totalBytes?: number;
  /** Record bytes per batch (four records each); 128 KiB unless given. */
  batchBytes?: number;
  /** Batches go round-robin over partitions 0..partitions-1 (the topic must have them). */
  partitions?: number;
}

/**
 * Produces about `totalBytes` to `topic` and resolves once the broker has spilled something
 * (`diskStats().spilledBatchesTotal > 0`). Returns the batches and their bytes as stored.
 */
export async function produceUntilSpilled(
  b: Pick<TestBroker, "port" | "broker">,
  topic: string,
  opts: SpillOptions = {},
): Promise<{ batches: number; bytes: number }> {
  const totalBytes = opts.totalBytes ?? 20 * MIB;
  const batchBytes = opts.batchBytes ?? 128 * 1024;
  const partitions = opts.partitions ?? 1;
  const recordBytes = Math.floor(batchBytes / 4);
  const client = await RawClient.connect(b.port);
  let batches = 0;
  let bytes = 0;
  try {
    for (let produced = 0; produced < totalBytes; produced += 4 * recordBytes) {
      const value = new Uint8Array(recordBytes).fill(97 + (batches % 26));
      const batch = buildBatch(Array.from({ length: 4 }, () => ({ key: null, value })));
      const partition = batches % partitions;
      const r = await client.request(
        ProduceRequest,
        ProduceResponse,
        8,
        produceRequest(topic, partition, batch),
      );
      assert.equal(r.responses[0].partitionResponses[0].errorCode, 0, `batch ${batches}`);
      batches++;
      bytes += batch.length;
    }
  } finally {
    client.close();
  }
  await waitUntil(
    () => b.broker.store.diskStats().spilledBatchesTotal > 0,
    5000,
    "the broker spilled batches to disk",
  );
  return { batches, bytes };
}
