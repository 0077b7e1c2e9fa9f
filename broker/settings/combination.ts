/** Checks that need more than one setting, after each value passed its own check. */
import type { Settings } from "./schema.ts";

export interface Conflict {
  /** The YAML key to blame. */
  key: string;
  /** Completes `<key> = <value> ...` in the error message. */
  reason: string;
}

/** The first conflict among the settings, or null. */
export function findConflict(settings: Settings): Conflict | null {
  if (settings.segmentSizeBytes > settings.maxMemoryBytes) {
    return {
      key: "segment_size",
      reason: `(${settings.segmentSizeBytes} bytes) is larger than max_memory ` +
        `(${settings.maxMemoryBytes} bytes); use at most max_memory`,
    };
  }
  if (settings.brokerPorts.includes(settings.restPort)) {
    return {
      key: "rest_port",
      reason: `is also in broker_ports ${JSON.stringify(settings.brokerPorts)}; use another port`,
    };
  }
  return null;
}
