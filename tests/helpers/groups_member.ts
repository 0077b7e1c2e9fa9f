/**
 * A consumer group member running in a child process (tests/clients/python/groups_member.py or
 * tests/helpers/groups_platformatic_member.ts), so a test can kill it with SIGKILL: it then
 * leaves the group without a LeaveGroup, as a crashed consumer does.
 *
 * The child reads its parameters as the first JSON line on stdin and commands as later lines;
 * it reports events as JSON lines on stdout, which are collected here as they arrive. Nothing
 * blocks the event loop (the broker under test runs in this process).
 */
import assert from "node:assert/strict";

/** One line the member printed, e.g. {"event": "assignment", "partitions": [["t", 0]]}. */
export interface MemberEvent {
  event: string;
  [field: string]: unknown;
}

/** [topic, partition] pairs, sorted, as members report assignments. */
export type TopicPartitions = [string, number][];

/** Sorts [topic, partition] pairs by topic, then partition number, in place. */
export function sortTopicPartitions(pairs: TopicPartitions): TopicPartitions {
  return pairs.sort(([t1, p1], [t2, p2]) => t1 === t2 ? p1 - p2 : (t1 < t2 ? -1 : 1));
}

const POLL_INTERVAL_MS = 10;
const EXIT_TIMEOUT_MS = 10_000;

export class MemberProcess {
  readonly events: MemberEvent[] = [];
  private stderrText = "";
  private exitCode: number | null = null;
  private readonly stdin: WritableStreamDefaultWriter<Uint8Array>;
  private readonly finished: Promise<void>;

  private constructor(readonly name: string, private readonly child: Deno.ChildProcess) {
    this.stdin = child.stdin.getWriter();
    const stdoutDone = this.collectLines(child.stdout);
    const stderrDone = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({ write: (chunk) => void (this.stderrText += chunk) }),
    );
    this.finished = Promise.all([stdoutDone, stderrDone, child.status]).then(([, , status]) => {
      this.exitCode = status.code;
    });
  }

  /** Starts `command args` and sends it `params` as its first stdin line. */
  static async start(
    name: string,
    command: string,
    args: string[],
    params: unknown,
  ): Promise<MemberProcess> {
    const child = new Deno.Command(command, {
      args,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const member = new MemberProcess(name, child);
    await member.send(params);
    return member;
  }

  private async collectLines(stdout: ReadableStream<Uint8Array>): Promise<void> {
    let pending = "";
    for await (const chunk of stdout.pipeThrough(new TextDecoderStream())) {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line.trim() !== "") this.events.push(JSON.parse(line));
      }
    }
  }

  /** Writes one JSON command line to the member. */
  async send(command: unknown): Promise<void> {
    await this.stdin.write(new TextEncoder().encode(JSON.stringify(command) + "\n"));
  }

  /** Events named `event`, in order. */
  all(event: string): MemberEvent[] {
    return this.events.filter((e) => e.event === event);
  }

  /** The last full assignment the member reported ([] before its first one). */
  assignment(): TopicPartitions {
    const reports = this.all("assignment");
    return reports.length === 0 ? [] : reports[reports.length - 1].partitions as TopicPartitions;
  }

  /**
   * Resolves with the first event from index `fromIndex` on that matches; fails after
   * `timeoutMs`, or as soon as the member exits, with its events and stderr in the message.
   */
  async waitFor(
    matches: (e: MemberEvent) => boolean,
    timeoutMs: number,
    what: string,
    fromIndex = 0,
  ): Promise<MemberEvent> {
    assert(
      Number.isInteger(timeoutMs) && timeoutMs > 0,
      `timeoutMs must be positive: ${timeoutMs}`,
    );
    const deadlineMs = Date.now() + timeoutMs;
    while (true) {
      const found = this.events.slice(fromIndex).find(matches);
      if (found) return found;
      const why = this.exitCode !== null
        ? `exited with code ${this.exitCode}`
        : (Date.now() > deadlineMs ? `timed out after ${timeoutMs} ms` : null);
      if (why !== null) throw new Error(`${this.name}: ${what}: ${why}\n${this.diagnostics()}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }

  /** Waits until the member's full assignment equals `expected`. */
  waitForAssignment(expected: TopicPartitions, timeoutMs: number): Promise<MemberEvent> {
    const want = JSON.stringify(expected);
    return this.waitFor(
      () => JSON.stringify(this.assignment()) === want,
      timeoutMs,
      `assignment ${want}`,
    );
  }

  /** The values (as text) of the messages received, in order. */
  values(): string[] {
    return this.all("message").map((m) =>
      m.value === null ? "<null>" : new TextDecoder().decode(
        Uint8Array.from(atob(m.value as string), (c) => c.charCodeAt(0)),
      )
    );
  }

  /** Asks the member to leave the group and exit; kills it if it does not within the bound. */
  async close(): Promise<void> {
    // Either may fail when the member already exited; its exit code then tells.
    await this.send({ op: "close" }).catch(() => {});
    await this.stdin.close().catch(() => {});
    const timer = setTimeout(() => this.kill(), EXIT_TIMEOUT_MS);
    try {
      await this.finished;
    } finally {
      clearTimeout(timer);
    }
    assert.equal(this.exitCode, 0, `${this.name} did not exit cleanly\n${this.diagnostics()}`);
  }

  /** SIGKILL: the member disappears without leaving the group. */
  async kill(): Promise<void> {
    if (this.exitCode === null) {
      try {
        this.child.kill("SIGKILL");
      } catch {
        // Already exited between the check and the signal.
      }
    }
    await this.stdin.close().catch(() => {});
    await this.finished;
  }

  diagnostics(): string {
    return `events: ${JSON.stringify(this.events)}\nstderr: ${this.stderrText}`;
  }
}
