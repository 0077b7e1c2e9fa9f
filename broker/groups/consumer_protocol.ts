/**
 * The "consumer" embedded protocol carried opaquely in JoinGroup metadata and SyncGroup
 * assignments (Kafka message definitions ConsumerProtocolSubscription.json and
 * ConsumerProtocolAssignment.json). The broker reads it only to show and reason about what
 * groups consume (DescribeGroups views, OffsetDelete, purge-on-fetch); it never rewrites it.
 *
 *   Subscription v0-3 => version: int16  topics: [string]  user_data: nullable_bytes
 *                        owned_partitions (v1+): [topic: string partitions: [int32]]
 *                        generation_id (v2+): int32  rack_id (v3+): nullable_string
 *   Assignment v0-3   => version: int16  assigned_partitions: [topic: string partitions: [int32]]
 *                        user_data: nullable_bytes
 *
 * Both always use the classic (non-flexible) encoding.
 */
import { Reader } from "../protocol/reader.ts";

function readString(r: Reader): string {
  const n = r.int16();
  return n < 0 ? "" : r.utf8(n);
}

/** The topics a member subscribes to; [] when the metadata is not the consumer protocol. */
export function subscriptionTopics(metadata: Uint8Array): string[] {
  try {
    const r = new Reader(metadata);
    r.int16(); // version
    const n = r.int32();
    if (n < 0 || n > r.remaining) return [];
    const topics: string[] = [];
    for (let i = 0; i < n; i++) topics.push(readString(r));
    return topics;
  } catch {
    return [];
  }
}

/** Topic -> partitions assigned to a member; empty when not the consumer protocol. */
export function assignedPartitions(assignment: Uint8Array): Map<string, number[]> {
  const out = new Map<string, number[]>();
  try {
    const r = new Reader(assignment);
    r.int16(); // version
    const n = r.int32();
    if (n < 0 || n > r.remaining) return out;
    for (let i = 0; i < n; i++) {
      const topic = readString(r);
      const count = r.int32();
      if (count < 0 || count > r.remaining) return new Map();
      const partitions: number[] = [];
      for (let j = 0; j < count; j++) partitions.push(r.int32());
      out.set(topic, partitions);
    }
    return out;
  } catch {
    return new Map();
  }
}
