/**
 * Runs a client program as a child process without blocking the event loop (the broker under
 * test runs in this same process), feeding stdin and killing the child when its time is up.
 */
import assert from "node:assert/strict";

export interface ProcessResult {
  code: number;
  stdout: Uint8Array;
  stderr: string;
  /** The child was killed because it ran past `timeoutMs`. */
  timedOut: boolean;
}

/** Starts `command args` with stdin, stdout and stderr piped to this process. */
export function spawnPiped(command: string, args: string[]): Deno.ChildProcess {
  return new Deno.Command(command, {
    args,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

export async function runBounded(
  command: string,
  args: string[],
  input: Uint8Array,
  timeoutMs: number,
): Promise<ProcessResult> {
  assert(Number.isInteger(timeoutMs) && timeoutMs > 0, `timeoutMs must be positive: ${timeoutMs}`);
  const child = spawnPiped(command, args);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  try {
    const writer = child.stdin.getWriter();
    // The child may exit before reading its input (e.g. a bad argument): ignore the broken pipe,
    // its exit code and stderr tell the story.
    await writer.write(input).catch(() => {});
    await writer.close().catch(() => {});
    const out = await child.output();
    return {
      code: out.code,
      stdout: out.stdout,
      stderr: new TextDecoder().decode(out.stderr),
      timedOut,
    };
  } finally {
    clearTimeout(timer);
  }
}
