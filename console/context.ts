/** What every console handler may use: the broker and the console's own running state. */
import type { Broker } from "../broker/broker.ts";
import type { SettingSource } from "../broker/settings/load.ts";
import type { LiveFeed } from "./metrics/live.ts";
import type { RoundRobin } from "./partitioner.ts";

export interface ConsoleContext {
  readonly broker: Broker;
  /** YAML key -> where its effective value came from (default, file or env). */
  readonly sources: Readonly<Record<string, SettingSource>>;
  /** Live figures sampled every second (SSE and the history endpoint). */
  readonly live: LiveFeed;
  /** Partition choice for records produced without a key or partition. */
  readonly roundRobin: RoundRobin;
  /** The port the console listens on; 0 until it is bound. */
  restPort: number;
  /** Aborted when the console stops, so long-lived streams end and shutdown completes. */
  readonly closing: AbortSignal;
}
