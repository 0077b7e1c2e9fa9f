/**
 * CreateTopics: partitions (or explicit assignments to broker 0), replication factor 1 (or -1 for
 * the default), topic configs from the accepted table, validate_only. Errors per topic:
 * TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR, INVALID_REPLICA_ASSIGNMENT,
 * INVALID_CONFIG, INVALID_TOPIC_EXCEPTION, each with a message saying why.
 */
import type { ApiHandler } from "../api.ts";
import { NODE_ID } from "../broker.ts";
import {
  type CreatableTopicResult,
  CreateTopicsRequest,
  type CreateTopicsRequestData,
  CreateTopicsResponse,
  type CreateTopicsResponseData,
} from "../messages/create_topics.ts";
import { ErrorCode, errorName, KafkaError } from "../protocol/errors.ts";
import { ZERO_UUID } from "../protocol/schema.ts";
import { TOPIC_CONFIGS } from "../topic_configs.ts";

/** Config source DYNAMIC_TOPIC_CONFIG (1) or DEFAULT_CONFIG (5), as DescribeConfigs numbers them. */
const TOPIC_SOURCE = 1;
const DEFAULT_SOURCE = 5;

export const createTopicsHandler: ApiHandler<CreateTopicsRequestData, CreateTopicsResponseData> = {
  key: 19,
  name: "CreateTopics",
  request: CreateTopicsRequest,
  response: CreateTopicsResponse,
  handle(req, ctx) {
    const broker = ctx.broker;
    const seen = new Set<string>();
    const topics = req.topics.map((t): CreatableTopicResult => {
      const failed = (errorCode: number, errorMessage: string): CreatableTopicResult => ({
        name: t.name,
        topicId: ZERO_UUID,
        errorCode,
        errorMessage,
        topicConfigErrorCode: 0,
        numPartitions: -1,
        replicationFactor: -1,
        configs: null,
      });
      if (seen.has(t.name)) {
        return failed(ErrorCode.INVALID_REQUEST, `topic "${t.name}" appears twice in the request`);
      }
      seen.add(t.name);
      if (t.replicationFactor !== -1 && t.replicationFactor !== 1 && t.assignments.length === 0) {
        return failed(
          ErrorCode.INVALID_REPLICATION_FACTOR,
          `replication factor ${t.replicationFactor}: this single broker supports only 1`,
        );
      }
      if (t.assignments.some((a) => a.brokerIds.length !== 1 || a.brokerIds[0] !== NODE_ID)) {
        return failed(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `every partition must be assigned to broker ${NODE_ID} alone`,
        );
      }
      if (t.assignments.length > 0 && t.numPartitions !== -1) {
        return failed(ErrorCode.INVALID_REQUEST, "give either num_partitions or assignments");
      }
      const partitions = t.assignments.length > 0
        ? t.assignments.length
        : t.numPartitions === -1
        ? broker.settings.defaultPartitions
        : t.numPartitions;
      const configs: Record<string, string> = {};
      for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
      try {
        const topic = broker.createTopic(t.name, partitions, configs, req.validateOnly);
        return {
          name: t.name,
          topicId: topic?.id ?? ZERO_UUID,
          errorCode: ErrorCode.NONE,
          errorMessage: null,
          topicConfigErrorCode: 0,
          numPartitions: partitions,
          replicationFactor: 1,
          configs: TOPIC_CONFIGS.map((spec) => ({
            name: spec.name,
            value: configs[spec.name] ?? spec.defaultValue(broker.settings),
            readOnly: false,
            configSource: spec.name in configs ? TOPIC_SOURCE : DEFAULT_SOURCE,
            isSensitive: false,
          })),
        };
      } catch (err) {
        if (!(err instanceof KafkaError)) throw err;
        return failed(err.code, err.message || errorName(err.code));
      }
    });
    return { throttleTimeMs: 0, topics };
  },
};
