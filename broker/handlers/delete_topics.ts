/**
 * DeleteTopics: by name (v0-5, and v6 entries with a name) or by topic id (v6). The topic's
 * records and producer state go; fetches parked on it end at their max wait.
 */
import type { ApiHandler } from "../api.ts";
import {
  type DeletableTopicResult,
  DeleteTopicsRequest,
  type DeleteTopicsRequestData,
  DeleteTopicsResponse,
  type DeleteTopicsResponseData,
} from "../messages/delete_topics.ts";
import { ErrorCode } from "../protocol/errors.ts";
import { ZERO_UUID } from "../protocol/schema.ts";

export const deleteTopicsHandler: ApiHandler<DeleteTopicsRequestData, DeleteTopicsResponseData> = {
  key: 20,
  name: "DeleteTopics",
  request: DeleteTopicsRequest,
  response: DeleteTopicsResponse,
  handle(req, ctx) {
    const broker = ctx.broker;
    const wanted = ctx.apiVersion >= 6
      ? req.topics
      : req.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
    const responses = wanted.map((w): DeletableTopicResult => {
      const topic = w.name ? broker.store.topic(w.name) : broker.store.topicById(w.topicId);
      if (!topic) {
        const byId = !w.name;
        return {
          name: w.name,
          topicId: w.topicId,
          errorCode: byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          errorMessage: byId ? `no topic with id ${w.topicId}` : `no topic "${w.name}"`,
        };
      }
      broker.deleteTopic(topic.name);
      return { name: topic.name, topicId: topic.id, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return { throttleTimeMs: 0, responses };
  },
};
