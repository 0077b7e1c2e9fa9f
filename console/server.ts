/**
 * The console's HTTP listener: Deno.serve on bind_address:rest_port (0 picks a free port) with
 * the console app, and the live-figures feed it streams. `stop()` ends the event streams, stops
 * the feed and waits for the server to close.
 */
import type { Broker } from "../broker/broker.ts";
import type { SettingSource } from "../broker/settings/load.ts";
import { createConsoleApp } from "./app.ts";
import type { ConsoleContext } from "./context.ts";
import { LiveFeed } from "./metrics/live.ts";
import { RoundRobin } from "./partitioner.ts";

export interface ConsoleOptions {
  broker: Broker;
  hostname: string;
  /** 0 picks a free port. */
  port: number;
  sources: Readonly<Record<string, SettingSource>>;
}

export interface RunningConsole {
  /** The port the console listens on. */
  port: number;
  stop(): Promise<void>;
}

export function startConsole(opts: ConsoleOptions): RunningConsole {
  const closing = new AbortController();
  const live = new LiveFeed(opts.broker);
  const ctx: ConsoleContext = {
    broker: opts.broker,
    sources: opts.sources,
    live,
    roundRobin: new RoundRobin(),
    restPort: 0,
    closing: closing.signal,
  };
  const app = createConsoleApp(ctx);
  const server = Deno.serve({
    hostname: opts.hostname,
    port: opts.port,
    onListen: () => {},
    onError: (err) => {
      opts.broker.log.warn("console request failed", { reason: String(err) });
      return Response.json({ error: "internal error" }, { status: 500 });
    },
  }, app.fetch);
  ctx.restPort = server.addr.port;
  live.start();
  return {
    port: ctx.restPort,
    async stop() {
      closing.abort();
      live.stop();
      await server.shutdown();
    },
  };
}
