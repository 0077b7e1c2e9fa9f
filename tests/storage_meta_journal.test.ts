/** The meta journal: changes come back after a reopen; a torn or corrupt tail is cut away. */
import assert from "node:assert/strict";
import { MetaJournal } from "../storage/meta_journal.ts";
import { freshStorageDir } from "./helpers/broker.ts";

const committed = (offset: number) => ({
  offset,
  leaderEpoch: -1,
  metadata: null,
  commitTimestampMs: 5,
});

Deno.test("meta journal: topics, bounds and offsets come back after a reopen", () => {
  const dir = freshStorageDir();
  const meta = new MetaJournal(dir);
  meta.record({
    t: "topic",
    topic: { name: "a", id: "ida", partitionCount: 1, configs: { x: "1" }, createdAtMs: 3 },
  });
  meta.record({ t: "partitions", id: "ida", count: 2 });
  meta.record({ t: "bounds", id: "ida", partition: 1, start: 10, end: 12 });
  meta.record({ t: "commit", group: "g", topic: "a", partition: 0, committed: committed(4) });
  meta.record({ t: "commit", group: "h", topic: "a", partition: 0, committed: committed(5) });
  meta.record({ t: "uncommit", group: "h" });
  meta.close();
  const again = new MetaJournal(dir);
  assert.equal(again.loadReport.journalEntries, 6);
  assert.deepEqual(again.state.topics.get("ida"), {
    name: "a",
    id: "ida",
    partitionCount: 2,
    configs: { x: "1" },
    createdAtMs: 3,
    bounds: [{ start: 0, end: 0 }, { start: 10, end: 12 }],
  });
  assert.deepEqual([...again.state.offsets.keys()], ["g"]);
  assert.equal(again.state.offsets.get("g")!.get("a")!.get(0)!.offset, 4);
  again.close();
});

Deno.test("meta journal: a torn last entry is cut away and reported", () => {
  const dir = freshStorageDir();
  const meta = new MetaJournal(dir);
  meta.record({ t: "commit", group: "g", topic: "a", partition: 0, committed: committed(1) });
  meta.record({ t: "commit", group: "g", topic: "a", partition: 0, committed: committed(2) });
  meta.close();
  const bytes = Deno.readFileSync(`${dir}/journal`);
  Deno.writeFileSync(`${dir}/journal`, bytes.subarray(0, bytes.length - 5));
  const again = new MetaJournal(dir);
  assert.equal(again.loadReport.journalEntries, 1);
  assert.ok(again.loadReport.truncated);
  assert.equal(again.state.offsets.get("g")!.get("a")!.get(0)!.offset, 1);
  again.record({ t: "commit", group: "g", topic: "a", partition: 0, committed: committed(3) });
  again.close();
  const third = new MetaJournal(dir);
  assert.equal(third.loadReport.truncated, null, "appends continue after the cut");
  assert.equal(third.state.offsets.get("g")!.get("a")!.get(0)!.offset, 3);
  third.close();
});

Deno.test("meta journal: a large journal becomes a snapshot and loads the same", () => {
  const dir = freshStorageDir();
  const meta = new MetaJournal(dir);
  const metadata = "m".repeat(4000);
  for (let i = 0; i < 3000; i++) {
    meta.record({
      t: "commit",
      group: `g${i % 50}`,
      topic: "a",
      partition: i % 3,
      committed: { ...committed(i), metadata },
    });
  }
  meta.close();
  assert.ok(Deno.statSync(`${dir}/snapshot`).size > 0);
  assert.ok(Deno.statSync(`${dir}/journal`).size < 8 * 1024 * 1024);
  const again = new MetaJournal(dir);
  assert.equal(again.state.offsets.size, 50);
  assert.equal(again.state.offsets.get("g49")!.get("a")!.get(2)!.offset, 2999);
  again.close();
});
