/**
 * `enable_consumer_groups: false`: the group APIs are not advertised in ApiVersions, and a client
 * that sends one anyway gets COORDINATOR_NOT_AVAILABLE with this message, not a dropped socket.
 */
import type { Broker } from "../broker.ts";

export const GROUPS_DISABLED_MESSAGE =
  "consumer groups are disabled on this broker (enable_consumer_groups: false)";

export function groupsEnabled(broker: Broker): boolean {
  return broker.settings.enableConsumerGroups;
}
