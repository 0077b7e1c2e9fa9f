/**
 * A @platformatic/kafka consumer group member run as a child process (`deno run -A` this file),
 * so a test can kill it with SIGKILL. It speaks the line protocol of groups_member.ts.
 *
 * stdin: first line {"bootstrap", "groupId", "topics", "clientId", "groupInstanceId"?,
 *   "sessionTimeoutMs", "rebalanceTimeoutMs", "heartbeatIntervalMs"}; then {"op": "close"}
 *   (leave the group and exit; end of stdin does the same).
 * stdout: {"event": "assignment", "partitions": [[topic, partition], ...], "generationId"}
 *   after each join; {"event": "message", "topic", "partition", "offset", "value": base64};
 *   {"event": "error", "name", "text"}; {"event": "closed"}.
 */
import { Buffer } from "node:buffer";
import { Consumer } from "@platformatic/kafka";
import { sortTopicPartitions } from "./groups_member.ts";

interface Params {
  bootstrap: string;
  groupId: string;
  topics: string[];
  clientId: string;
  groupInstanceId?: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  heartbeatIntervalMs: number;
}

const REQUEST_TIMEOUT_MS = 5_000;
const MAX_WAIT_MS = 200;

function emit(event: string, fields: Record<string, unknown> = {}): void {
  Deno.stdout.writeSync(new TextEncoder().encode(JSON.stringify({ event, ...fields }) + "\n"));
}

/** Yields stdin line by line. */
async function* stdinLines(): AsyncGenerator<string> {
  let pending = "";
  for await (const chunk of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    pending += chunk;
    let newline: number;
    while ((newline = pending.indexOf("\n")) >= 0) {
      yield pending.slice(0, newline);
      pending = pending.slice(newline + 1);
    }
  }
}

async function main(): Promise<void> {
  const lines = stdinLines();
  const first = await lines.next();
  if (first.done) throw new Error("no parameters on stdin");
  const params: Params = JSON.parse(first.value);
  const consumer = new Consumer({
    clientId: params.clientId,
    bootstrapBrokers: [params.bootstrap],
    groupId: params.groupId,
    ...(params.groupInstanceId ? { groupInstanceId: params.groupInstanceId } : {}),
    sessionTimeout: params.sessionTimeoutMs,
    rebalanceTimeout: params.rebalanceTimeoutMs,
    heartbeatInterval: params.heartbeatIntervalMs,
    timeout: REQUEST_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
  });
  consumer.on("consumer:group:join", (p) => {
    const partitions = sortTopicPartitions(
      (p.assignments ?? [])
        .flatMap((a) => a.partitions.map((partition): [string, number] => [a.topic, partition])),
    );
    emit("assignment", { partitions, generationId: p.generationId });
  });
  const stream = await consumer.consume({
    topics: params.topics,
    mode: "committed",
    fallbackMode: "earliest",
    autocommit: false,
    maxWaitTime: MAX_WAIT_MS,
  });
  stream.on("data", (m) =>
    emit("message", {
      topic: m.topic,
      partition: m.partition,
      offset: Number(m.offset),
      value: m.value === null ? null : Buffer.from(m.value).toString("base64"),
    }));
  stream.on("error", (e: Error) => emit("error", { name: e.name, text: e.message }));
  for await (const line of lines) {
    if (line.trim() !== "" && JSON.parse(line).op === "close") break;
  }
  await consumer.close(true);
  emit("closed");
}

await main();
