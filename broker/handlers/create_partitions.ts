/** CreatePartitions: grow a topic to `count` partitions (never shrink), all led by broker 0. */
import type { ApiHandler } from "../api.ts";
import { NODE_ID } from "../broker.ts";
import {
  CreatePartitionsRequest,
  type CreatePartitionsRequestData,
  CreatePartitionsResponse,
  type CreatePartitionsResponseData,
  type CreatePartitionsTopicResult,
} from "../messages/create_partitions.ts";
import { ErrorCode } from "../protocol/errors.ts";

const MAX_PARTITIONS = 10_000;

export const createPartitionsHandler: ApiHandler<
  CreatePartitionsRequestData,
  CreatePartitionsResponseData
> = {
  key: 37,
  name: "CreatePartitions",
  request: CreatePartitionsRequest,
  response: CreatePartitionsResponse,
  handle(req, ctx) {
    const store = ctx.broker.store;
    const results = req.topics.map((t): CreatePartitionsTopicResult => {
      const fail = (errorCode: number, errorMessage: string) => ({
        name: t.name,
        errorCode,
        errorMessage,
      });
      const topic = store.topic(t.name);
      if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `no topic "${t.name}"`);
      const current = topic.partitions.length;
      if (t.count <= current || t.count > MAX_PARTITIONS) {
        return fail(
          ErrorCode.INVALID_PARTITIONS,
          `topic "${t.name}" has ${current} partitions; the new count must be between ${
            current + 1
          } and ${MAX_PARTITIONS}`,
        );
      }
      if (t.assignments?.some((a) => a.brokerIds.some((id) => id !== NODE_ID))) {
        return fail(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `partitions can only be assigned to broker ${NODE_ID}`,
        );
      }
      if (!req.validateOnly) {
        store.addPartitions(t.name, t.count);
        ctx.broker.log.info("partitions added", { topic: t.name, partitions: t.count });
      }
      return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return { throttleTimeMs: 0, results };
  },
};
