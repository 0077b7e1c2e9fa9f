/**
 * InitProducerId: a producer id and epoch for an idempotent producer. As in Kafka, a request
 * without a transactional id always gets a new id (epoch 0), whatever id it passes; a
 * transactional producer that passes its current id and epoch (v3+, KIP-360) gets the same id
 * with the epoch bumped.
 */
import type { ApiHandler } from "../api.ts";
import {
  InitProducerIdRequest,
  type InitProducerIdRequestData,
  InitProducerIdResponse,
  type InitProducerIdResponseData,
} from "../messages/init_producer_id.ts";
import { ErrorCode } from "../protocol/errors.ts";

export const initProducerIdHandler: ApiHandler<
  InitProducerIdRequestData,
  InitProducerIdResponseData
> = {
  key: 22,
  name: "InitProducerId",
  request: InitProducerIdRequest,
  response: InitProducerIdResponse,
  handle(req, ctx) {
    const producers = ctx.broker.producers;
    const id = req.transactionalId !== null && req.producerId >= 0
      ? producers.bumpEpoch(req.producerId, req.producerEpoch)
      : producers.initProducer(req.transactionalId);
    if (!id) {
      return {
        throttleTimeMs: 0,
        errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
        producerId: -1,
        producerEpoch: -1,
      };
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, ...id };
  },
};
