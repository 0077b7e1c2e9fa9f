/**
 * The broker under test as its own OS process (`deno run -A main.ts`), so that the benchmark's
 * client and the broker do not share one JavaScript thread.
 *
 * Settings come from environment variables, as a user would pass them: free Kafka and REST
 * ports, `LOG_LEVEL=warn`, `MAX_MEMORY=2GB`, a temporary `RECORD_STORAGE_PATH`, and
 * `KAFKA_HOSTNAME=127.0.0.1` so clients connect back over IPv4 loopback.
 */
import assert from "node:assert/strict";
import { DeadlineError, delay, within } from "./deadline.ts";

const MAIN_MODULE = new URL("../../main.ts", import.meta.url);
const PROJECT_DIR = new URL("../../", import.meta.url);
const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;
const CONNECT_RETRY_MS = 50;

export interface BrokerProcess {
  bootstrap: string;
  pid: number;
  /** Settles when the process ends, with its exit status. */
  status: Promise<Deno.CommandStatus>;
  /**
   * SIGTERM, then SIGKILL after a grace period; removes the temporary storage directory.
   * Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}

/** `count` distinct free TCP ports on 127.0.0.1 (held open together so they differ). */
function freePorts(count: number): number[] {
  const listeners = Array.from({ length: count }, () => Deno.listen({ hostname: HOST, port: 0 }));
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const l of listeners) l.close();
  return ports;
}

async function canConnect(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: HOST, port });
    conn.close();
    return true;
  } catch {
    return false;
  }
}

export async function startBrokerProcess(cpuProfileDir: string | null): Promise<BrokerProcess> {
  const [kafkaPort, restPort] = freePorts(2);
  const storageDir = await Deno.makeTempDir({ prefix: "blink-bench-" });
  const profileArgs = cpuProfileDir === null
    ? []
    : ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`];
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...profileArgs, MAIN_MODULE.pathname],
    cwd: PROJECT_DIR.pathname,
    env: {
      BROKER_PORTS: String(kafkaPort),
      REST_PORT: String(restPort),
      LOG_LEVEL: "warn",
      MAX_MEMORY: "2GB",
      RECORD_STORAGE_PATH: storageDir,
      KAFKA_HOSTNAME: HOST,
    },
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  let exited = false;
  const status = child.status.finally(() => (exited = true));

  const terminate = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      try {
        await within(status, STOP_GRACE_MS, "broker shutdown after SIGTERM");
      } catch (err) {
        if (!(err instanceof DeadlineError)) throw err;
        child.kill("SIGKILL");
        await status;
      }
    }
    await Deno.remove(storageDir, { recursive: true });
  };
  // Idempotent: an interrupt and the normal shutdown may both ask.
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= terminate());

  const deadline = performance.now() + START_TIMEOUT_MS;
  while (!(await canConnect(kafkaPort))) {
    if (exited || performance.now() > deadline) {
      await stop();
      const why = exited ? `exited with code ${(await status).code}` : "did not listen in time";
      throw new Error(`broker process ${why} (port ${kafkaPort}, limit ${START_TIMEOUT_MS} ms)`);
    }
    await delay(CONNECT_RETRY_MS);
  }
  assert.ok(child.pid > 0);
  return { bootstrap: `${HOST}:${kafkaPort}`, pid: child.pid, status, stop };
}
