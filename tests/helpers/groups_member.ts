/**
 * Consumer group members as the group tests drive them, whichever client runs them: the Member
 * interface, the group timeouts every client uses, and MemberProcess, a member running in a child
 * process (tests/clients/python/groups_member.py or tests/helpers/groups_platformatic_member.ts)
 * so a test can kill it with SIGKILL: it then leaves the group without a LeaveGroup, as a crashed
 * consumer does.
 *
 * The child reads its parameters as the first JSON line on stdin and commands as later lines;
 * it reports events as JSON lines on stdout, which are collected here as they arrive. Nothing
 * blocks the event loop (the broker under test runs in this process).
 */
import assert from "node:assert/strict";
import { spawnPiped } from "./subprocess.ts";
import { waitUntil } from "./wait_until.ts";

export const SESSION_TIMEOUT_MS = 6_000;
/** The JoinGroup rebalance timeout (librdkafka: max.poll.interval.ms). */
export const REBALANCE_TIMEOUT_MS = 8_000;
export const HEARTBEAT_INTERVAL_MS = 300;

/** The group timeouts of an in-process consumer (kafkajs and @platformatic/kafka name them alike). */
export function consumerTimeouts(sessionTimeoutMs = SESSION_TIMEOUT_MS) {
  return {
    sessionTimeout: sessionTimeoutMs,
    rebalanceTimeout: REBALANCE_TIMEOUT_MS,
    heartbeatInterval: HEARTBEAT_INTERVAL_MS,
  };
}

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

/** A record a member received, its value as text ("<null>" for a null value). */
export interface ReceivedRecord {
  topic: string;
  partition: number;
  offset: number;
  value: string;
}

/** What a client reported about a member's last join; it leaves out what it does not report. */
export interface JoinReport {
  memberId?: string;
  generationId?: number;
  protocol?: string;
  /** The partitions its rebalance callback was handed. */
  partitions?: TopicPartitions;
}

/** A consumer group member as the shared group scenarios drive it. */
export interface Member {
  readonly name: string;
  /** The client id the broker sees for it. */
  readonly clientId: string;
  /** The last full assignment ([] before the first). */
  assignment(): TopicPartitions;
  lastJoin(): JoinReport;
  /** Every record received, in arrival order. */
  received(): ReceivedRecord[];
  /** How many group events (joins, rebalance callbacks, errors, commits) it has seen. */
  groupEventCount(): number;
  /** Resolves once `condition()` holds; fails after `timeoutMs` naming `what`. */
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void>;
  /** Commits exactly these [partition, next offset] pairs of `topic` and waits for the answer. */
  commit(topic: string, offsets: [number, number][]): Promise<void>;
  /** Commits the position after everything received, the client's usual way. */
  commitReceived(): Promise<void>;
  /** Leaves the group (LeaveGroup) and stops. */
  close(): Promise<void>;
}

/** For each topic and partition of `records`, one past the last offset: what to commit. */
export function nextOffsets(records: ReceivedRecord[]): Map<string, [number, number][]> {
  const next = new Map<string, Map<number, number>>();
  for (const r of records) {
    const partitions = next.get(r.topic) ?? new Map<number, number>();
    partitions.set(r.partition, Math.max(partitions.get(r.partition) ?? 0, r.offset + 1));
    next.set(r.topic, partitions);
  }
  return new Map(
    [...next].map(([topic, partitions]) => [topic, [...partitions].sort(([p1], [p2]) => p1 - p2)]),
  );
}

/**
 * What the in-process members (kafkajs, @platformatic/kafka) share: the records they received
 * and the joins their client reported, kept in arrays as events arrive.
 */
export abstract class InProcessMember<J extends Joined, R extends ReceivedRecord = ReceivedRecord>
  implements Member {
  abstract readonly clientId: string;
  readonly messages: R[] = [];
  /** Each join's full assignment, in order, with what the client reports about it. */
  readonly joins: J[] = [];

  constructor(readonly name: string) {}

  assignment(): TopicPartitions {
    return this.joins.at(-1)?.partitions ?? [];
  }

  received(): ReceivedRecord[] {
    return this.messages;
  }

  groupEventCount(): number {
    return this.joins.length;
  }

  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    return waitUntil(condition, timeoutMs, `${this.name}: ${what}`);
  }

  abstract lastJoin(): JoinReport;
  abstract commit(topic: string, offsets: [number, number][]): Promise<void>;
  abstract commitReceived(): Promise<void>;
  abstract close(): Promise<void>;
}

/** A join as an in-process member records it: at least the full assignment. */
export interface Joined {
  partitions: TopicPartitions;
}

const POLL_INTERVAL_MS = 10;
const EXIT_TIMEOUT_MS = 10_000;
const COMMIT_TIMEOUT_MS = 10_000;

export class MemberProcess implements Member {
  readonly events: MemberEvent[] = [];
  private stderrText = "";
  private exitCode: number | null = null;
  private readonly stdin: WritableStreamDefaultWriter<Uint8Array>;
  private readonly finished: Promise<void>;

  private constructor(
    readonly name: string,
    readonly clientId: string,
    private readonly child: Deno.ChildProcess,
  ) {
    this.stdin = child.stdin.getWriter();
    const stdoutDone = this.collectLines(child.stdout);
    const stderrDone = child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
      new WritableStream({ write: (chunk) => void (this.stderrText += chunk) }),
    );
    this.finished = Promise.all([stdoutDone, stderrDone, child.status]).then(([, , status]) => {
      this.exitCode = status.code;
    });
  }

  /** Starts `command args` as member `name` (client id `clientId`), sending it `params`. */
  static async start(
    name: string,
    clientId: string,
    command: string,
    args: string[],
    params: unknown,
  ): Promise<MemberProcess> {
    const member = new MemberProcess(name, clientId, spawnPiped(command, args));
    await member.send(params);
    return member;
  }

  private async collectLines(stdout: ReadableStream<Uint8Array<ArrayBuffer>>): Promise<void> {
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
    return (this.all("assignment").at(-1)?.partitions ?? []) as TopicPartitions;
  }

  /**
   * The generation of the last "assignment" event and the partitions of the last "assign"
   * (rebalance callback) event, where the member script reports them.
   */
  lastJoin(): JoinReport {
    const generationId = this.all("assignment").at(-1)?.generationId as number | undefined;
    const partitions = this.all("assign").at(-1)?.partitions as TopicPartitions | undefined;
    return {
      ...(generationId === undefined ? {} : { generationId }),
      ...(partitions === undefined ? {} : { partitions }),
    };
  }

  received(): ReceivedRecord[] {
    return this.all("message").map((m) => ({
      topic: m.topic as string,
      partition: m.partition as number,
      offset: m.offset as number,
      value: m.value === null ? "<null>" : new TextDecoder().decode(
        Uint8Array.from(atob(m.value as string), (c) => c.charCodeAt(0)),
      ),
    }));
  }

  groupEventCount(): number {
    return this.events.filter((e) => e.event !== "message").length;
  }

  /**
   * Resolves with what `found()` returns once it is not undefined; fails after `timeoutMs`, or
   * as soon as the member exits, with its events and stderr in the message.
   */
  private async poll<T>(found: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    assert(
      Number.isInteger(timeoutMs) && timeoutMs > 0,
      `timeoutMs must be positive: ${timeoutMs}`,
    );
    const deadlineMs = Date.now() + timeoutMs;
    while (true) {
      const result = found();
      if (result !== undefined) return result;
      const why = this.exitCode !== null
        ? `exited with code ${this.exitCode}`
        : (Date.now() > deadlineMs ? `timed out after ${timeoutMs} ms` : null);
      if (why !== null) throw new Error(`${this.name}: ${what}: ${why}\n${this.diagnostics()}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }

  /** Resolves with the first event from index `fromIndex` on that matches. */
  waitFor(
    matches: (e: MemberEvent) => boolean,
    timeoutMs: number,
    what: string,
    fromIndex = 0,
  ): Promise<MemberEvent> {
    return this.poll(() => this.events.slice(fromIndex).find(matches), timeoutMs, what);
  }

  async until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    await this.poll(() => condition() || undefined, timeoutMs, what);
  }

  /** Waits until the member's full assignment equals `expected`. */
  waitForAssignment(expected: TopicPartitions, timeoutMs: number): Promise<void> {
    const want = JSON.stringify(expected);
    return this.until(
      () => JSON.stringify(this.assignment()) === want,
      timeoutMs,
      `assignment ${want}`,
    );
  }

  /**
   * Sends a commit command (explicit offsets, or none for the consumed positions) and asserts the
   * member committed exactly `expected` without an error. groups_member.py takes commit commands;
   * the @platformatic/kafka child member does not (its tests commit from in-process members).
   */
  private async commitAndCheck(
    command: { op: "commit"; offsets?: unknown[] },
    expected: Map<string, [number, number][]>,
  ): Promise<void> {
    const mark = this.events.length;
    await this.send(command);
    const answer = await this.waitFor(
      (e) => e.event === "committed",
      COMMIT_TIMEOUT_MS,
      "commit",
      mark,
    );
    assert.deepEqual(answer, {
      event: "committed",
      error: null,
      offsets: [...expected].flatMap(([topic, offsets]) =>
        offsets.map(([partition, offset]) => ({ topic, partition, offset, error: null }))
      ),
    });
  }

  commit(topic: string, offsets: [number, number][]): Promise<void> {
    return this.commitAndCheck(
      {
        op: "commit",
        offsets: offsets.map(([partition, offset]) => ({ topic, partition, offset })),
      },
      new Map([[topic, offsets]]),
    );
  }

  commitReceived(): Promise<void> {
    return this.commitAndCheck({ op: "commit" }, nextOffsets(this.received()));
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
