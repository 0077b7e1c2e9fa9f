/** Test helper: runs kcat (librdkafka's command-line client) against a test broker. */
import assert from "node:assert/strict";
import { runBounded } from "./subprocess.ts";

export interface KcatRun {
  code: number;
  stdout: Uint8Array;
  /** stdout as UTF-8 text. */
  text: string;
  stderr: string;
  timedOut: boolean;
}

/** One consumed message as kcat -J prints it (keys and payloads as text, null when absent). */
export interface KcatJsonMessage {
  topic: string;
  partition: number;
  offset: number;
  tstype: string;
  ts: number;
  broker: number;
  headers?: (string | null)[];
  key: string | null;
  payload: string | null;
}

const KCAT_TIMEOUT_MS = 30_000;

/** Runs `kcat -b bootstrap ...args` with `input` on stdin; bounded by `timeoutMs`. */
export async function kcat(
  bootstrap: string,
  args: string[],
  input: Uint8Array | string = "",
  timeoutMs = KCAT_TIMEOUT_MS,
): Promise<KcatRun> {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const r = await runBounded("kcat", ["-b", bootstrap, ...args], bytes, timeoutMs);
  return { ...r, text: new TextDecoder().decode(r.stdout) };
}

/** Like kcat(), but throws with kcat's stderr unless it exits 0. */
export async function kcatOk(...args: Parameters<typeof kcat>): Promise<KcatRun> {
  const r = await kcat(...args);
  if (r.code !== 0) {
    throw new Error(
      `kcat ${args[1].join(" ")} exited ${r.code} (timed out: ${r.timedOut}): ${r.stderr}`,
    );
  }
  return r;
}

/** kcat -C arguments: consume one partition (all of them for null) from `offset` on. */
export function kcatConsumeArgs(topic: string, partition: number | null, offset: string): string[] {
  const only = partition === null ? [] : ["-p", String(partition)];
  return ["-C", "-t", topic, ...only, "-o", offset];
}

/** Reads one partition (all of them when `partition` is null) from `offset` to its end (-e). */
export async function kcatConsumeJson(
  bootstrap: string,
  topic: string,
  partition: number | null,
  offset: string,
): Promise<KcatJsonMessage[]> {
  const r = await kcatOk(bootstrap, [...kcatConsumeArgs(topic, partition, offset), "-e", "-J"]);
  return kcatJsonLines(r.text);
}

/**
 * kcat -Q: the offset ListOffsets answers for `timestampMs` (-2: log start, -1: high watermark;
 * -1 comes back where no record is at or after the time).
 */
export async function kcatQueryOffset(
  bootstrap: string,
  topic: string,
  partition: number,
  timestampMs: number,
): Promise<number> {
  const r = await kcatOk(bootstrap, ["-Q", "-t", `${topic}:${partition}:${timestampMs}`]);
  const answer = r.text.trim();
  const match = answer.match(/^(.+) \[(\d+)\] offset (-?\d+)$/);
  assert(match, `kcat -Q answered ${JSON.stringify(answer)}`);
  assert.deepEqual([match[1], Number(match[2])], [topic, partition]);
  return Number(match[3]);
}

/** Parses kcat -J output: one JSON envelope per line. */
export function kcatJsonLines(text: string): KcatJsonMessage[] {
  return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
}
