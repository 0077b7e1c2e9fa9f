/** The handler table: every API this broker serves. ApiVersions advertises exactly these. */
import type { ApiHandler } from "../api.ts";
import { apiVersionsHandler } from "./api_versions.ts";
import { createPartitionsHandler } from "./create_partitions.ts";
import { createTopicsHandler } from "./create_topics.ts";
import { deleteRecordsHandler } from "./delete_records.ts";
import { deleteTopicsHandler } from "./delete_topics.ts";
import { describeClusterHandler } from "./describe_cluster.ts";
import { describeConfigsHandler } from "./describe_configs.ts";
import { fetchHandler } from "./fetch.ts";
import { initProducerIdHandler } from "./init_producer_id.ts";
import { listOffsetsHandler } from "./list_offsets.ts";
import { metadataHandler } from "./metadata.ts";
import { offsetForLeaderEpochHandler } from "./offset_for_leader_epoch.ts";
import { produceHandler } from "./produce.ts";
import { deleteGroupsHandler } from "./delete_groups.ts";
import { describeGroupsHandler } from "./describe_groups.ts";
import { findCoordinatorHandler } from "./find_coordinator.ts";
import { heartbeatHandler } from "./heartbeat.ts";
import { joinGroupHandler } from "./join_group.ts";
import { leaveGroupHandler } from "./leave_group.ts";
import { listGroupsHandler } from "./list_groups.ts";
import { offsetCommitHandler } from "./offset_commit.ts";
import { offsetDeleteHandler } from "./offset_delete.ts";
import { offsetFetchHandler } from "./offset_fetch.ts";
import { syncGroupHandler } from "./sync_group.ts";

export const HANDLERS: ApiHandler[] = [
  produceHandler,
  fetchHandler,
  listOffsetsHandler,
  metadataHandler,
  offsetCommitHandler,
  offsetFetchHandler,
  findCoordinatorHandler,
  joinGroupHandler,
  heartbeatHandler,
  leaveGroupHandler,
  syncGroupHandler,
  describeGroupsHandler,
  listGroupsHandler,
  apiVersionsHandler,
  createTopicsHandler,
  deleteTopicsHandler,
  deleteRecordsHandler,
  initProducerIdHandler,
  offsetForLeaderEpochHandler,
  describeConfigsHandler,
  createPartitionsHandler,
  deleteGroupsHandler,
  offsetDeleteHandler,
  describeClusterHandler,
];
