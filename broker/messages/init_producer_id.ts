/**
 * InitProducerId (key 22): hand an idempotent or transactional producer its id and epoch.
 *
 * Grammar (Kafka message definitions InitProducerIdRequest/Response.json; flexible from v2):
 *
 *   InitProducerIdRequest v0-1 => transactional_id: nullable_string transaction_timeout_ms: int32
 *   InitProducerIdRequest v2   => transactional_id: compact_nullable_string transaction_timeout_ms
 *                                 _tagged_fields
 *   InitProducerIdRequest v3-5 => transactional_id transaction_timeout_ms
 *                                 producer_id: int64 (default -1) producer_epoch: int16 (default -1)
 *                                 _tagged_fields
 *
 *   InitProducerIdResponse v0-1 => throttle_time_ms: int32 error_code: int16
 *                                  producer_id: int64 (default -1) producer_epoch: int16
 *   InitProducerIdResponse v2-5 => as v0 _tagged_fields
 */
import { MessageCodec } from "../protocol/schema.ts";

export interface InitProducerIdRequestData {
  transactionalId: string | null;
  transactionTimeoutMs: number;
  producerId: number;
  producerEpoch: number;
}

export interface InitProducerIdResponseData {
  throttleTimeMs: number;
  errorCode: number;
  producerId: number;
  producerEpoch: number;
}

export const InitProducerIdRequest = new MessageCodec<InitProducerIdRequestData>({
  name: "InitProducerIdRequest",
  apiKey: 22,
  validVersions: "0-5",
  flexibleVersions: "2+",
  fields: [
    { name: "transactionalId", type: "string", versions: "0+", nullable: "0+" },
    { name: "transactionTimeoutMs", type: "int32", versions: "0+" },
    { name: "producerId", type: "int64", versions: "3+", default: -1 },
    { name: "producerEpoch", type: "int16", versions: "3+", default: -1 },
  ],
});

export const InitProducerIdResponse = new MessageCodec<InitProducerIdResponseData>({
  name: "InitProducerIdResponse",
  apiKey: 22,
  validVersions: "0-5",
  flexibleVersions: "2+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "producerId", type: "int64", versions: "0+", default: -1 },
    { name: "producerEpoch", type: "int16", versions: "0+" },
  ],
});
