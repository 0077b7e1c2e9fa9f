/**
 * Composition root: settings -> storage (recovered from disk in the durable modes) -> broker ->
 * Kafka listeners -> console.
 *
 * `deno task start` runs this file. `startBlink` is also what the tests use to run a broker
 * in-process on free ports.
 */
import { Broker } from "./broker/broker.ts";
import { HANDLERS } from "./broker/handlers/index.ts";
import { KafkaServer } from "./broker/server.ts";
import { createLogger, type Logger } from "./broker/settings/log.ts";
import {
  type LoadedSettings,
  loadSettings,
  type Settings,
  SettingsError,
  type SettingSource,
} from "./broker/settings/load.ts";
import { startConsole } from "./console/server.ts";
import { LogStore } from "./storage/log_store.ts";
import { commitPoolInBackground, type PoolCommit } from "./storage/pool_commit.ts";
import { crc32cBackend } from "./broker/records/crc32c.ts";

export interface RunningBlink {
  broker: Broker;
  /** Bound Kafka ports, in the order of `brokerPorts` (0 in settings = a free port). */
  kafkaPorts: number[];
  /** Bound port of the console and REST API (0 in settings = a free port). */
  restPort: number;
  stop(): Promise<void>;
}

/**
 * Starts everything on `settings`. `sources` says where each setting came from, for the
 * console's settings page; keys it lacks show as "default".
 */
export function startBlink(
  settings: Settings,
  log: Logger = createLogger(settings.logLevel),
  sources: Readonly<Record<string, SettingSource>> = {},
) {
  const store = new LogStore({
    maxMemoryBytes: settings.maxMemoryBytes,
    segmentSizeBytes: settings.segmentSizeBytes,
    retentionMs: settings.retentionMs,
    durability: settings.durability,
    storagePath: settings.recordStoragePath,
    walSegmentSizeBytes: settings.walSegmentSizeBytes,
    maxDiskBytes: settings.maxDiskBytes,
    highWaterPercent: settings.spillHighWaterPercent,
    syncIntervalMs: settings.walSyncIntervalMs,
    report: (level, message, fields) => log[level](message, fields as Record<string, unknown>),
  });
  const broker = new Broker({ settings, store, log, handlers: HANDLERS });
  const server = new KafkaServer(broker);
  let kafkaPorts: number[];
  let consoleServer: ReturnType<typeof startConsole>;
  try {
    kafkaPorts = server.listen(settings.brokerPorts, settings.bindAddress);
    broker.boundPorts = kafkaPorts;
    consoleServer = startConsole({
      broker,
      hostname: settings.bindAddress,
      port: settings.restPort,
      sources,
    });
  } catch (err) {
    server.close();
    broker.close();
    store.close();
    throw err;
  }
  let poolCommit: PoolCommit | null = null;
  if (settings.prefaultMemory) {
    const startedMs = performance.now();
    poolCommit = commitPoolInBackground(store.pool);
    poolCommit.done.then((complete) => {
      if (complete) {
        log.info("memory pool committed", {
          bytes: store.pool.limitBytes,
          ms: Math.round(performance.now() - startedMs),
        });
      }
    }, (err) => log.warn("committing the memory pool failed", { reason: String(err) }));
  }
  const retentionTimer = setInterval(
    () => broker.enforceRetention(),
    settings.retentionCheckIntervalMs,
  );
  const compactionTimer = setInterval(
    () => broker.compactTopics(),
    settings.compactionIntervalMs,
  );
  log.info("blink started", {
    kafka: kafkaPorts.map((p) => `${settings.bindAddress}:${p}`).join(","),
    console: `http://${settings.bindAddress}:${consoleServer.port}/`,
    advertised: settings.kafkaHostname,
    maxMemoryBytes: settings.maxMemoryBytes,
    durability: settings.durability,
    storage: settings.recordStoragePath,
    crc32c: crc32cBackend.name,
  });
  if (crc32cBackend.name === "portable") {
    log.info("CRC-32C runs in JavaScript, ~3x slower on large batches", {
      reason: crc32cBackend.reason,
    });
  }
  return {
    broker,
    kafkaPorts,
    restPort: consoleServer.port,
    async stop() {
      clearInterval(retentionTimer);
      clearInterval(compactionTimer);
      await poolCommit?.stop();
      await consoleServer.stop();
      await server.close();
      broker.close();
      await store.close();
    },
  } satisfies RunningBlink;
}

function readEmbeddedDefaults(): string {
  return Deno.readTextFileSync(new URL("./settings.yaml", import.meta.url));
}

function main(): void {
  let loaded: LoadedSettings;
  try {
    loaded = loadSettings(readEmbeddedDefaults(), Deno.args, Deno.env.toObject());
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    console.error(err.message);
    Deno.exit(2);
  }
  let running: RunningBlink;
  try {
    running = startBlink(loaded.settings, createLogger(loaded.settings.logLevel), loaded.sources);
  } catch (err) {
    console.error(`blink: cannot start: ${err instanceof Error ? err.message : err}`);
    Deno.exit(1);
  }
  const shutdown = async () => {
    await running.stop();
    Deno.exit(0);
  };
  Deno.addSignalListener("SIGINT", shutdown);
  Deno.addSignalListener("SIGTERM", shutdown);
}

if (import.meta.main) main();
