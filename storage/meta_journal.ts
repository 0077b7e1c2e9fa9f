/**
 * MetaJournal: the durable control plane (topics, partition offset bounds, committed group
 * offsets) for the `async` and `sync` durability modes.
 *
 * Files in `<record_storage_path>/meta/`:
 *   snapshot  the whole state as one entry, replaced atomically (write, fsync, rename)
 *   journal   the changes since that snapshot, one entry each
 * Entry: lengthBytes: uint32 | crc: uint32 (CRC-32C of the JSON) | JSON text (UTF-8).
 *
 * Each change is written to the journal file as it happens (a syscall, so a kill -9 keeps it);
 * `syncData` makes it survive a power loss too. Loading stops at the first torn or corrupt journal
 * entry and truncates it away. Once the journal passes JOURNAL_COMPACT_BYTES the state is written
 * as a new snapshot and the journal starts empty.
 */
import { crc32c } from "../broker/records/crc32c.ts";

const JOURNAL_COMPACT_BYTES = 8 * 1024 * 1024;
const MAX_ENTRY_BYTES = 256 * 1024 * 1024;

export interface CommittedOffsetRecord {
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  commitTimestampMs: number;
}

export interface DurableTopic {
  name: string;
  id: string;
  partitionCount: number;
  configs: Record<string, string>;
  createdAtMs: number;
  /** Per partition: log start offset and a floor for the next offset, as last recorded. */
  bounds: { start: number; end: number }[];
}

export type MetaChange =
  | { t: "topic"; topic: Omit<DurableTopic, "bounds"> }
  | { t: "topicDeleted"; id: string }
  | { t: "partitions"; id: string; count: number }
  | { t: "configs"; id: string; configs: Record<string, string> }
  | { t: "bounds"; id: string; partition: number; start: number; end: number }
  | {
    t: "commit";
    group: string;
    topic: string;
    partition: number;
    committed: CommittedOffsetRecord;
  }
  /** Offsets dropped: a partition's, a whole group's, or a topic's in every group. */
  | { t: "uncommit"; group?: string; topic?: string; partition?: number };

export interface MetaState {
  topics: Map<string, DurableTopic>;
  /** group -> topic -> partition -> committed offset */
  offsets: Map<string, Map<string, Map<number, CommittedOffsetRecord>>>;
}

interface Snapshot {
  topics: DurableTopic[];
  offsets: [string, [string, [number, CommittedOffsetRecord][]][]][];
}

export interface MetaLoadReport {
  journalEntries: number;
  /** Set when the journal's tail was torn or corrupt and cut away. */
  truncated: { droppedBytes: number; reason: string } | null;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

function applyChange(state: MetaState, change: MetaChange): void {
  switch (change.t) {
    case "topic": {
      const bounds = Array.from({ length: change.topic.partitionCount }, () => ({
        start: 0,
        end: 0,
      }));
      state.topics.set(change.topic.id, { ...change.topic, bounds });
      break;
    }
    case "topicDeleted":
      state.topics.delete(change.id);
      break;
    case "partitions": {
      const topic = state.topics.get(change.id);
      if (!topic) break;
      while (topic.bounds.length < change.count) topic.bounds.push({ start: 0, end: 0 });
      topic.partitionCount = change.count;
      break;
    }
    case "configs": {
      const topic = state.topics.get(change.id);
      if (topic) topic.configs = change.configs;
      break;
    }
    case "bounds": {
      const bounds = state.topics.get(change.id)?.bounds[change.partition];
      if (bounds) {
        bounds.start = change.start;
        bounds.end = change.end;
      }
      break;
    }
    case "commit": {
      let topics = state.offsets.get(change.group);
      if (!topics) state.offsets.set(change.group, topics = new Map());
      let partitions = topics.get(change.topic);
      if (!partitions) topics.set(change.topic, partitions = new Map());
      partitions.set(change.partition, change.committed);
      break;
    }
    case "uncommit":
      for (const [group, topics] of state.offsets) {
        if (change.group !== undefined && group !== change.group) continue;
        for (const [topic, partitions] of topics) {
          if (change.topic !== undefined && topic !== change.topic) continue;
          if (change.partition !== undefined) partitions.delete(change.partition);
          else partitions.clear();
          if (partitions.size === 0) topics.delete(topic);
        }
        if (topics.size === 0) state.offsets.delete(group);
      }
      break;
  }
}

function frame(json: string): Uint8Array {
  const body = utf8Encoder.encode(json);
  const out = new Uint8Array(8 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  view.setUint32(4, crc32c(body));
  out.set(body, 8);
  return out;
}

/** Reads framed entries from `bytes`; stops at the first bad one and says where and why. */
function readFrames(
  bytes: Uint8Array,
): { values: unknown[]; goodBytes: number; problem: string | null } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values: unknown[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 8) return { values, goodBytes: at, problem: "torn entry header" };
    const lengthBytes = view.getUint32(at);
    if (lengthBytes > MAX_ENTRY_BYTES) {
      return { values, goodBytes: at, problem: `entry length ${lengthBytes} is impossible` };
    }
    if (bytes.length - at - 8 < lengthBytes) {
      return { values, goodBytes: at, problem: "the file ends inside the entry (a torn write)" };
    }
    const body = bytes.subarray(at + 8, at + 8 + lengthBytes);
    if (crc32c(body) !== view.getUint32(at + 4)) {
      return { values, goodBytes: at, problem: "entry checksum mismatch" };
    }
    try {
      values.push(JSON.parse(utf8Decoder.decode(body)));
    } catch {
      return { values, goodBytes: at, problem: "entry is not JSON" };
    }
    at += 8 + lengthBytes;
  }
  return { values, goodBytes: at, problem: null };
}

function readIfExists(path: string): Uint8Array | null {
  try {
    return Deno.readFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return null;
    throw err;
  }
}

export class MetaJournal {
  readonly state: MetaState = { topics: new Map(), offsets: new Map() };
  readonly loadReport: MetaLoadReport;
  private readonly dir: string;
  private journal: Deno.FsFile;
  private journalBytes: number;
  writesTotal = 0;

  constructor(dir: string) {
    this.dir = dir;
    Deno.mkdirSync(dir, { recursive: true });
    const snapshotBytes = readIfExists(this.snapshotPath);
    if (snapshotBytes !== null) {
      const { values, problem } = readFrames(snapshotBytes);
      // The snapshot is renamed into place only once complete and fsynced.
      if (problem !== null || values.length !== 1) {
        throw new Error(`${this.snapshotPath} is damaged (${problem ?? "not one entry"})`);
      }
      this.loadSnapshot(values[0] as Snapshot);
    }
    const journalBytes = readIfExists(this.journalPath) ?? new Uint8Array(0);
    const { values, goodBytes, problem } = readFrames(journalBytes);
    for (const change of values) applyChange(this.state, change as MetaChange);
    this.journal = Deno.openSync(this.journalPath, { read: true, write: true, create: true });
    if (problem !== null) this.journal.truncateSync(goodBytes);
    this.journal.seekSync(goodBytes, Deno.SeekMode.Start);
    this.journalBytes = goodBytes;
    this.loadReport = {
      journalEntries: values.length,
      truncated: problem === null
        ? null
        : { droppedBytes: journalBytes.length - goodBytes, reason: problem },
    };
  }

  /** Applies a change and writes it to the journal. */
  record(change: MetaChange): void {
    applyChange(this.state, change);
    const entry = frame(JSON.stringify(change));
    let done = 0;
    while (done < entry.length) done += this.journal.writeSync(entry.subarray(done));
    this.journalBytes += entry.length;
    this.writesTotal++;
    if (this.journalBytes > JOURNAL_COMPACT_BYTES) this.writeSnapshot();
  }

  async syncData(): Promise<void> {
    await this.journal.syncData();
  }

  close(): void {
    this.journal.close();
  }

  private get snapshotPath(): string {
    return `${this.dir}/snapshot`;
  }

  private get journalPath(): string {
    return `${this.dir}/journal`;
  }

  private loadSnapshot(snapshot: Snapshot): void {
    for (const topic of snapshot.topics) this.state.topics.set(topic.id, topic);
    for (const [group, topics] of snapshot.offsets) {
      this.state.offsets.set(
        group,
        new Map(topics.map(([topic, partitions]) => [topic, new Map(partitions)])),
      );
    }
  }

  /** State -> snapshot.tmp, fsync, rename over snapshot, then an empty journal. */
  private writeSnapshot(): void {
    const snapshot: Snapshot = {
      topics: [...this.state.topics.values()],
      offsets: [...this.state.offsets].map(([group, topics]) => [
        group,
        [...topics].map(([topic, partitions]) => [topic, [...partitions]]),
      ]),
    };
    const tmpPath = `${this.snapshotPath}.tmp`;
    const file = Deno.openSync(tmpPath, { write: true, create: true, truncate: true });
    try {
      const bytes = frame(JSON.stringify(snapshot));
      let done = 0;
      while (done < bytes.length) done += file.writeSync(bytes.subarray(done));
      file.syncDataSync();
    } finally {
      file.close();
    }
    Deno.renameSync(tmpPath, this.snapshotPath);
    this.journal.truncateSync(0);
    this.journal.seekSync(0, Deno.SeekMode.Start);
    this.journalBytes = 0;
  }
}
