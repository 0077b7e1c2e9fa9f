/**
 * Test helper: runs a broker in-process on a free 127.0.0.1 port with the embedded default
 * settings plus overrides, and stops it afterwards.
 */
import { startBlink } from "../../main.ts";
import { loadSettings, type Settings } from "../../broker/settings/load.ts";
import { createLogger } from "../../broker/settings/log.ts";

const defaultsYaml = Deno.readTextFileSync(new URL("../../settings.yaml", import.meta.url));

/** One temporary directory per test process; each broker gets its own storage path in it. */
let storageRoot: string | null = null;
let storageDirs = 0;

/** A fresh, empty directory for one broker's disk tier, removed when the test process ends. */
export function freshStorageDir(): string {
  if (storageRoot === null) {
    const root = Deno.makeTempDirSync({ prefix: "blink-tests-" });
    storageRoot = root;
    globalThis.addEventListener("unload", () => Deno.removeSync(root, { recursive: true }));
  }
  return `${storageRoot}/${storageDirs++}`;
}

/**
 * The embedded defaults with test-friendly changes: free ports (Kafka and console), quiet logs,
 * small memory (not committed up front), a storage directory of its own.
 */
export function testSettings(overrides: Partial<Settings> = {}): Settings {
  const { settings } = loadSettings(defaultsYaml, [], {});
  return {
    ...settings,
    brokerPorts: [0],
    restPort: 0,
    bindAddress: "127.0.0.1",
    maxMemoryBytes: 256 * 1024 * 1024,
    // Each test broker committing its pool would cost CPU and RAM for nothing; tests of the
    // commit itself turn it on.
    prefaultMemory: false,
    logLevel: "error",
    recordStoragePath: freshStorageDir(),
    ...overrides,
  };
}

export interface TestBroker {
  port: number;
  bootstrap: string;
  /** The console / REST API port. */
  restPort: number;
  broker: ReturnType<typeof startBlink>["broker"];
  stop(): Promise<void>;
}

export function startTestBroker(overrides: Partial<Settings> = {}): TestBroker {
  const settings = testSettings(overrides);
  const running = startBlink(settings, createLogger(settings.logLevel));
  const port = running.kafkaPorts[0];
  return {
    port,
    bootstrap: `127.0.0.1:${port}`,
    restPort: running.restPort,
    broker: running.broker,
    stop: () => running.stop(),
  };
}

/** Runs `fn` against a fresh broker and always stops it. */
export async function withBroker(
  overrides: Partial<Settings>,
  fn: (b: TestBroker) => Promise<void>,
): Promise<void> {
  const b = startTestBroker(overrides);
  try {
    await fn(b);
  } finally {
    await b.stop();
  }
}

/** Whether a command exists on PATH (kcat, python3 modules are optional outside CI). */
export function hasCommand(name: string): boolean {
  try {
    const r = new Deno.Command("sh", { args: ["-c", `command -v ${name}`], stdout: "null" })
      .outputSync();
    return r.success;
  } catch {
    return false;
  }
}

let topicCounter = 0;
/** A unique topic name for one test. */
export function uniqueTopic(prefix = "t"): string {
  return `${prefix}-${Date.now().toString(36)}-${++topicCounter}`;
}
