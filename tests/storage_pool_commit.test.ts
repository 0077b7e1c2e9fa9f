import assert from "node:assert/strict";
import { SegmentPool } from "../storage/segment_pool.ts";
import { commitPoolInBackground } from "../storage/pool_commit.ts";

const MiB = 1024 * 1024;

Deno.test("the pool is committed in the background while appends use it, and no data is lost", async () => {
  const pool = new SegmentPool({ maxMemoryBytes: 256 * MiB, segmentSizeBytes: MiB });
  const commit = commitPoolInBackground(pool);
  // Appends run meanwhile: each takes a segment and fills it with its own pattern.
  const filled: [number, number][] = [];
  let finished = false;
  commit.done.finally(() => (finished = true));
  for (let i = 0; !finished && i < 100; i++) {
    const id = pool.acquire();
    assert.notEqual(id, -1);
    pool.bytes(id).fill(i + 1);
    filled.push([id, i + 1]);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  assert.equal(await commit.done, true);
  assert.equal(pool.committedBytes, pool.limitBytes);
  assert.equal(pool.prefaultPending, false);
  assert.ok(filled.length > 0);
  for (const [id, value] of filled) {
    assert.ok(pool.bytes(id).every((b) => b === value), `segment ${id} kept its data`);
  }
});

Deno.test("stopping the pool commit ends it after the current step", async () => {
  const pool = new SegmentPool({ maxMemoryBytes: 1024 * MiB, segmentSizeBytes: MiB });
  const commit = commitPoolInBackground(pool);
  await commit.stop();
  assert.equal(await commit.done, false);
  assert.ok(pool.committedBytes < pool.limitBytes, "stopped before the end");
  assert.ok(pool.takePrefaultRange(1).length === 1, "no segment is left set aside");
});
