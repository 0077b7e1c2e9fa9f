/**
 * Leader-discovery hints shared by Produce (v10+) and Fetch (v12+/v16+) responses (KIP-951):
 * a partition's current leader, and the endpoints of the brokers named as leaders, so a client
 * can follow a leader change without a Metadata round trip.
 *
 * Grammar (Kafka message definitions ProduceResponse.json, FetchResponse.json):
 *
 *   LeaderIdAndEpoch => leader_id: int32 (default -1) leader_epoch: int32 (default -1)
 *   NodeEndpoint     => node_id: int32 host: compact_string port: int32
 *                       rack: compact_nullable_string (default null)
 */

export interface LeaderIdAndEpoch {
  leaderId: number;
  leaderEpoch: number;
}

export interface NodeEndpoint {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}
