/**
 * The broker under test as its own OS process (`deno run -A main.ts`), so that the benchmark's
 * client and the broker do not share one JavaScript thread.
 *
 * Settings come from environment variables, as a user would pass them: free Kafka and REST
 * ports, `LOG_LEVEL=warn`, `MAX_MEMORY=2GB`, a temporary `RECORD_STORAGE_PATH`, and
 * `KAFKA_HOSTNAME=127.0.0.1` so clients connect back over IPv4 loopback. The disk-tier suite
 * adds or overrides variables (`env`), brings its own storage directory (kept for a restart) and
 * reads the broker's log lines (`captureLog`).
 */
import assert from "node:assert/strict";
import { DeadlineError, delay, within } from "./deadline.ts";

const MAIN_MODULE = new URL("../../main.ts", import.meta.url);
const PROJECT_DIR = new URL("../../", import.meta.url);
const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;
const CONNECT_RETRY_MS = 50;
/** Log lines a captured broker keeps (the oldest go first); the suite needs a handful. */
const KEPT_LOG_LINES = 10_000;

export interface BrokerProcessOptions {
  /** Directory for a V8 CPU profile (`deno run --cpu-prof`); null for none. */
  cpuProfileDir?: string | null;
  /** Environment variables added to (or overriding) the defaults above. */
  env?: Record<string, string>;
  /**
   * RECORD_STORAGE_PATH to use. The caller owns it: stop() leaves it in place, so a second
   * broker can start on it. Without it a temporary directory is made and removed by stop().
   */
  storageDir?: string;
  /**
   * Read the broker's stderr (instead of letting it through untouched): every line is still
   * written to this process's stderr, and kept for `logLine`.
   */
  captureLog?: boolean;
  /** How long the broker may take to accept connections. */
  startTimeoutMs?: number;
  /** Pause between connection attempts while waiting: the resolution of `startupMs`. */
  connectRetryMs?: number;
}

export interface BrokerProcess {
  bootstrap: string;
  pid: number;
  /** Base URL of the broker's console and REST API (no token is set). */
  restUrl: string;
  /** Its RECORD_STORAGE_PATH. */
  storageDir: string;
  /** Milliseconds from spawning the process to its Kafka port accepting a connection. */
  startupMs: number;
  /** Settles when the process ends, with its exit status. */
  status: Promise<Deno.CommandStatus>;
  /**
   * The first log line (captureLog) matching `pattern`, waiting up to `limitMs` for it; rejects
   * with DeadlineError when none came.
   */
  logLine(pattern: RegExp, limitMs: number): Promise<string>;
  /** SIGKILL (a crash: no shutdown work) and waits for the exit; the storage stays. */
  kill(): Promise<void>;
  /**
   * SIGTERM, then SIGKILL after a grace period; removes the storage directory if it made it.
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

/** Splits `stream` into lines, handing each to `onLine` (also the last one without "\n"). */
async function readLines(
  stream: ReadableStream<Uint8Array>,
  onLine: (line: string) => void,
): Promise<void> {
  let pending = "";
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (pending + text).split("\n");
    pending = parts.pop()!;
    for (const line of parts) onLine(line);
  }
  if (pending !== "") onLine(pending);
}

/**
 * Starts the broker and resolves once its Kafka port accepts connections. The first argument
 * stays the CPU-profile directory, so the default suite calls it as it always has.
 */
export async function startBrokerProcess(
  cpuProfileDir: string | null,
  opts: Omit<BrokerProcessOptions, "cpuProfileDir"> = {},
): Promise<BrokerProcess> {
  const [kafkaPort, restPort] = freePorts(2);
  const ownsStorage = opts.storageDir === undefined;
  const storageDir = opts.storageDir ?? await Deno.makeTempDir({ prefix: "blink-bench-" });
  const startTimeoutMs = opts.startTimeoutMs ?? START_TIMEOUT_MS;
  const connectRetryMs = opts.connectRetryMs ?? CONNECT_RETRY_MS;
  const profileArgs = cpuProfileDir === null
    ? []
    : ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`];
  const command = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...profileArgs, MAIN_MODULE.pathname],
    cwd: PROJECT_DIR.pathname,
    env: {
      BROKER_PORTS: String(kafkaPort),
      REST_PORT: String(restPort),
      LOG_LEVEL: "warn",
      MAX_MEMORY: "2GB",
      RECORD_STORAGE_PATH: storageDir,
      KAFKA_HOSTNAME: HOST,
      ...opts.env,
    },
    stdin: "null",
    stdout: "inherit",
    stderr: opts.captureLog ? "piped" : "inherit",
  });
  const spawnedAtMs = performance.now();
  const child = command.spawn();
  let exited = false;
  const status = child.status.finally(() => (exited = true));

  const lines: string[] = [];
  const lineWaiters = new Set<() => void>();
  const logDone = opts.captureLog
    ? readLines(child.stderr, (line) => {
      console.error(line);
      lines.push(line);
      if (lines.length > KEPT_LOG_LINES) lines.shift();
      for (const wake of lineWaiters) wake();
    }).catch(() => {}).finally(() => {
      for (const wake of lineWaiters) wake();
    })
    : Promise.resolve();
  let logEnded = false;
  logDone.then(() => (logEnded = true));

  const logLine = async (pattern: RegExp, limitMs: number): Promise<string> => {
    assert.ok(opts.captureLog, "logLine needs captureLog");
    const found = () => lines.find((l) => pattern.test(l));
    const wait = (async () => {
      for (let line = found();; line = found()) {
        if (line !== undefined) return line;
        if (logEnded) throw new Error(`the broker's log ended without a line matching ${pattern}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            lineWaiters.delete(wake);
            resolve();
          };
          lineWaiters.add(wake);
        });
      }
    })();
    return await within(wait, limitMs, `a broker log line matching ${pattern}`);
  };

  const kill = async () => {
    if (!exited) child.kill("SIGKILL");
    await status;
    await logDone;
  };

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
    await logDone;
    if (ownsStorage) await Deno.remove(storageDir, { recursive: true });
  };
  // Idempotent: an interrupt and the normal shutdown may both ask.
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= terminate());

  const deadline = spawnedAtMs + startTimeoutMs;
  while (!(await canConnect(kafkaPort))) {
    if (exited || performance.now() > deadline) {
      await stop();
      const why = exited ? `exited with code ${(await status).code}` : "did not listen in time";
      throw new Error(`broker process ${why} (port ${kafkaPort}, limit ${startTimeoutMs} ms)`);
    }
    await delay(connectRetryMs);
  }
  const startupMs = performance.now() - spawnedAtMs;
  assert.ok(child.pid > 0);
  const restUrl = `http://${HOST}:${restPort}`;
  // With prefault_memory (the default) the pool is committed just after start; measuring during
  // that would measure start-up, so the workloads begin once it is done.
  await poolCommitted(restUrl, () => exited);
  return {
    bootstrap: `${HOST}:${kafkaPort}`,
    pid: child.pid,
    restUrl,
    storageDir,
    startupMs,
    status,
    logLine,
    kill,
    stop,
  };
}

/** Committing 2 GiB takes about 1 s here. */
const POOL_COMMIT_LIMIT_MS = 60_000;

/** A pool whose committed size has not grown for this long is not being committed. */
const POOL_COMMIT_IDLE_MS = 300;

/**
 * Waits while `GET /allocated` shows the pool being committed: until all of it is, or its committed
 * size stops growing (prefault_memory off). Warns and goes on past the limit. The REST port opens
 * just after the Kafka ports, so a refused connection means "not yet".
 */
async function poolCommitted(restUrl: string, exited: () => boolean): Promise<void> {
  const deadline = performance.now() + POOL_COMMIT_LIMIT_MS;
  let lastBytes = -1;
  let lastGrowthMs = performance.now();
  while (!exited() && performance.now() < deadline) {
    const pool = await allocated(restUrl);
    if (pool === null) {
      await delay(10);
      continue;
    }
    if (pool.committedBytes >= pool.limitBytes) return;
    if (pool.committedBytes !== lastBytes) {
      lastBytes = pool.committedBytes;
      lastGrowthMs = performance.now();
    } else if (performance.now() - lastGrowthMs > POOL_COMMIT_IDLE_MS) {
      return;
    }
    await delay(50);
  }
  if (!exited()) {
    console.error(`# the broker's memory pool was not committed within ${POOL_COMMIT_LIMIT_MS} ms`);
  }
}

/** The pool's committed and total size, or null while the REST port refuses connections. */
async function allocated(
  restUrl: string,
): Promise<{ committedBytes: number; limitBytes: number } | null> {
  let res: Response;
  try {
    res = await fetch(`${restUrl}/allocated`);
  } catch (err) {
    if (err instanceof TypeError) return null;
    throw err;
  }
  assert.equal(res.status, 200, `GET /allocated answered ${res.status}`);
  return await res.json();
}

/** How long a failed run waits to learn whether the broker process died (and caused it). */
const EXIT_CHECK_MS = 1_000;

/**
 * Runs `work`, failing as soon as the broker process ends; when the work fails and the broker
 * has died, the error says so instead of showing only the client's connection error.
 */
export async function whileAlive<T>(broker: BrokerProcess, work: () => Promise<T>): Promise<T> {
  const died = (s: Deno.CommandStatus) =>
    new Error(`the broker process exited during the run (code ${s.code}, signal ${s.signal})`);
  const brokerEnded = broker.status.then((s) => Promise.reject(died(s)));
  brokerEnded.catch(() => {});
  try {
    return await Promise.race([work(), brokerEnded]);
  } catch (err) {
    const ended = await within(broker.status, EXIT_CHECK_MS, "broker exit check").catch(() => null);
    if (ended === null) throw err;
    throw died(ended);
  }
}
