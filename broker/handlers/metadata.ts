/**
 * Metadata: this broker (advertised `kafka_hostname` and the port the client connected to) as
 * the only broker and controller, and the topics asked for (all when the list is null, or empty
 * at v0). Unknown topics are auto-created when `auto_create_topics` is on and the request allows
 * it (v4+ flag; always allowed before v4), else UNKNOWN_TOPIC_OR_PARTITION.
 */
import type { ApiHandler, RequestContext } from "../api.ts";
import { Broker, NODE_ID } from "../broker.ts";
import {
  MetadataRequest,
  type MetadataRequestData,
  MetadataResponse,
  type MetadataResponseData,
} from "../messages/metadata.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { ZERO_UUID } from "../protocol/schema.ts";
import type { Topic } from "../../storage/log_store.ts";

type TopicOut = MetadataResponseData["topics"][number];

function describeTopic(topic: Topic): TopicOut {
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    topicId: topic.id,
    isInternal: false,
    partitions: topic.partitions.map((p) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex: p.partition,
      leaderId: NODE_ID,
      leaderEpoch: 0,
      replicaNodes: [NODE_ID],
      isrNodes: [NODE_ID],
      offlineReplicas: [],
    })),
    topicAuthorizedOperations: -2147483648,
  };
}

function missingTopic(name: string | null, topicId: string, errorCode: number): TopicOut {
  return {
    errorCode,
    name,
    topicId,
    isInternal: false,
    partitions: [],
    topicAuthorizedOperations: -2147483648,
  };
}

function resolve(
  broker: Broker,
  wanted: { name: string | null; topicId: string },
  allowAutoCreate: boolean,
): TopicOut {
  if (wanted.name === null || wanted.name === "") {
    const byId = broker.store.topicById(wanted.topicId);
    return byId
      ? describeTopic(byId)
      : missingTopic(null, wanted.topicId, ErrorCode.UNKNOWN_TOPIC_ID);
  }
  if (Broker.topicNameProblem(wanted.name)) {
    return missingTopic(wanted.name, ZERO_UUID, ErrorCode.INVALID_TOPIC_EXCEPTION);
  }
  const topic = allowAutoCreate
    ? broker.topicForProduceOrMetadata(wanted.name)
    : broker.store.topic(wanted.name);
  return topic
    ? describeTopic(topic)
    : missingTopic(wanted.name, ZERO_UUID, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
}

export function metadataResponse(
  req: MetadataRequestData,
  ctx: RequestContext,
): MetadataResponseData {
  const broker = ctx.broker;
  const allTopics = req.topics === null || (ctx.apiVersion === 0 && req.topics.length === 0);
  const allowAutoCreate = ctx.apiVersion < 4 || req.allowAutoTopicCreation;
  const topics = allTopics
    ? [...broker.store.topics()].map(describeTopic)
    : req.topics!.map((t) => resolve(broker, t, allowAutoCreate));
  return {
    throttleTimeMs: 0,
    brokers: [{
      nodeId: NODE_ID,
      host: broker.settings.kafkaHostname,
      port: ctx.localPort,
      rack: null,
    }],
    clusterId: broker.clusterId,
    controllerId: NODE_ID,
    topics,
    clusterAuthorizedOperations: -2147483648,
  };
}

export const metadataHandler: ApiHandler<MetadataRequestData, MetadataResponseData> = {
  key: 3,
  name: "Metadata",
  request: MetadataRequest,
  response: MetadataResponse,
  handle: metadataResponse,
};
