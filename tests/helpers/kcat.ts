/** Test helper: runs kcat (librdkafka's command-line client) against a test broker. */
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
export async function kcatOk(
  bootstrap: string,
  args: string[],
  input: Uint8Array | string = "",
  timeoutMs = KCAT_TIMEOUT_MS,
): Promise<KcatRun> {
  const r = await kcat(bootstrap, args, input, timeoutMs);
  if (r.code !== 0) {
    throw new Error(
      `kcat ${args.join(" ")} exited ${r.code} (timed out: ${r.timedOut}): ${r.stderr}`,
    );
  }
  return r;
}

/** Parses kcat -J output: one JSON envelope per line. */
export function kcatJsonLines(text: string): KcatJsonMessage[] {
  return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
}
