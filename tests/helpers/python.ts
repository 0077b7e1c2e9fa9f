/**
 * Test helper: runs the Python client scripts in tests/clients/python. Each script takes one
 * JSON object on stdin and prints one JSON object on stdout; keys, values and header values
 * travel as base64 (null stays null).
 */
import { Buffer } from "node:buffer";
import { runBounded } from "./subprocess.ts";

const SCRIPTS_DIR = new URL("../clients/python/", import.meta.url);
/** apt installs the client libraries for the system python3, which a pyenv shim may hide. */
const INTERPRETERS = ["python3", "/usr/bin/python3"];

/**
 * The first Python interpreter that can import `module`, or null. Synchronous: call it while
 * test modules load, never while a broker runs in this process.
 */
export function pythonWith(module: string): string | null {
  for (const interpreter of INTERPRETERS) {
    try {
      const r = new Deno.Command(interpreter, {
        args: ["-c", `import ${module}`],
        stdout: "null",
        stderr: "null",
      }).outputSync();
      if (r.success) return interpreter;
    } catch {
      // Not installed here: try the next one.
    }
  }
  return null;
}

/** Runs `script` with `params`; returns its parsed result or throws with its stderr. */
export async function runPython<T>(
  interpreter: string,
  script: string,
  params: unknown,
  timeoutMs: number,
): Promise<T> {
  const path = new URL(script, SCRIPTS_DIR).pathname;
  const input = new TextEncoder().encode(JSON.stringify(params));
  // -B: write no __pycache__ next to the scripts.
  const r = await runBounded(interpreter, ["-B", path], input, timeoutMs);
  const stdout = new TextDecoder().decode(r.stdout);
  if (r.code !== 0) {
    throw new Error(`${script} exited ${r.code} (timed out: ${r.timedOut}): ${r.stderr}${stdout}`);
  }
  return JSON.parse(stdout) as T;
}

/** Text or bytes as base64; null stays null. */
export function b64(data: string | Uint8Array | null): string | null {
  if (data === null) return null;
  return Buffer.from(typeof data === "string" ? new TextEncoder().encode(data) : data)
    .toString("base64");
}

/** base64 back to bytes; null stays null. */
export function unb64(text: string | null): Uint8Array | null {
  return text === null ? null : new Uint8Array(Buffer.from(text, "base64"));
}

/** base64 back to UTF-8 text; null stays null. */
export function unb64Text(text: string | null): string | null {
  const bytes = unb64(text);
  return bytes === null ? null : new TextDecoder().decode(bytes);
}

/** Bytes given as text (UTF-8) or raw. */
export type Bytes = string | Uint8Array;

/** A message to produce, as the produce scripts take it. */
export interface OutMessage {
  topic: string;
  partition?: number;
  key: Bytes | null;
  value: Bytes | null;
  headers?: [string, Bytes | null][];
  timestampMs?: number;
}

/** A consumed message as the consume scripts print it (bytes as base64). */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: [string, string | null][];
  timestampType: number;
  timestampMs: number;
}

export interface ConsumeResult {
  messages: ConsumedMessage[];
  errors: { name: string; text: string }[];
}

/** The JSON form of messages to produce: bytes as base64. */
export function encodeMessages(messages: OutMessage[]): unknown[] {
  return messages.map((m) => ({
    ...m,
    key: b64(m.key),
    value: b64(m.value),
    ...(m.headers ? { headers: m.headers.map(([name, v]) => [name, b64(v)]) } : {}),
  }));
}

/** A consumed message with key, value and header values decoded as UTF-8 text. */
export function asText(m: ConsumedMessage) {
  return {
    partition: m.partition,
    offset: m.offset,
    key: unb64Text(m.key),
    value: unb64Text(m.value),
    headers: m.headers.map(([name, v]) => [name, unb64Text(v)]),
  };
}
