/**
 * WAL recovery scan: reads every segment file in order and hands each valid entry to the caller.
 *
 * The scan stops at the first entry that is torn (the file ends inside it) or corrupt (a length
 * that cannot be, a checksum that does not match): that file is truncated to the end of the last
 * good entry and every later segment file is deleted, since nothing after a broken entry can be
 * trusted to follow it in order. The report says what was dropped, for the log and the console.
 */
import { type DecodedEntry, decodeEntry } from "./entry.ts";
import { listSegments, segmentFileName } from "./wal.ts";

const READ_CHUNK_BYTES = 8 * 1024 * 1024;

export interface TruncationReport {
  segment: number;
  positionBytes: number;
  droppedBytes: number;
  reason: string;
}

export interface ScanReport {
  /** Segment files kept, ascending. */
  segments: number[];
  entries: number;
  bytes: number;
  truncated: TruncationReport | null;
  /** Later segment files deleted because they followed a broken entry. */
  segmentsDropped: number;
  durationMs: number;
}

/**
 * Calls `onEntry` for each valid entry, in log order, with its segment and the position of the
 * entry in it. The entry's batch is a view into a read buffer reused after the call returns.
 */
export function scanWal(
  dir: string,
  maxEntryBytes: number,
  onEntry: (entry: DecodedEntry, segment: number, entryAtBytes: number) => void,
): ScanReport {
  const startedMs = performance.now();
  const seqs = listSegments(dir);
  const report: ScanReport = {
    segments: [],
    entries: 0,
    bytes: 0,
    truncated: null,
    segmentsDropped: 0,
    durationMs: 0,
  };
  let buffer = new Uint8Array(READ_CHUNK_BYTES);
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i];
    const path = `${dir}/${segmentFileName(seq)}`;
    const file = Deno.openSync(path, { read: true, write: true });
    try {
      const fileBytes = file.statSync().size;
      let fileAt = 0; // file position of buffer[0]
      let filled = 0;
      let at = 0; // next entry, in the buffer
      let problem: string | null = null;
      while (fileAt + at < fileBytes) {
        const result = decodeEntry(buffer.subarray(0, filled), at, maxEntryBytes);
        if ("entry" in result) {
          onEntry(result.entry, seq, fileAt + at);
          report.entries++;
          report.bytes += result.entry.sizeBytes;
          at += result.entry.sizeBytes;
          continue;
        }
        if ("corrupt" in result) {
          problem = result.corrupt;
          break;
        }
        // Need more bytes: slide what is left to the front, grow if one entry needs it, refill.
        if (fileAt + at + result.needBytes > fileBytes) {
          problem = "the file ends inside the entry (a torn write)";
          break;
        }
        const left = filled - at;
        if (result.needBytes > buffer.length) {
          const grown = new Uint8Array(result.needBytes);
          grown.set(buffer.subarray(at, filled));
          buffer = grown;
        } else {
          buffer.copyWithin(0, at, filled);
        }
        fileAt += at;
        at = 0;
        filled = left;
        file.seekSync(fileAt + filled, Deno.SeekMode.Start);
        while (filled < buffer.length && fileAt + filled < fileBytes) {
          const n = file.readSync(buffer.subarray(filled));
          if (n === null || n === 0) break;
          filled += n;
        }
      }
      report.segments.push(seq);
      if (problem !== null) {
        const goodBytes = fileAt + at;
        file.truncateSync(goodBytes);
        report.truncated = {
          segment: seq,
          positionBytes: goodBytes,
          droppedBytes: fileBytes - goodBytes,
          reason: problem,
        };
        for (const later of seqs.slice(i + 1)) {
          report.truncated.droppedBytes += Deno.statSync(`${dir}/${segmentFileName(later)}`).size;
          Deno.removeSync(`${dir}/${segmentFileName(later)}`);
          report.segmentsDropped++;
        }
        break;
      }
    } finally {
      file.close();
    }
  }
  report.durationMs = performance.now() - startedMs;
  return report;
}
