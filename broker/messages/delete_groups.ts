/**
 * DeleteGroups (key 42): remove empty groups and their committed offsets.
 *
 * Grammar (Kafka message definitions DeleteGroupsRequest/Response.json; flexible from v2;
 * response v0 comes from the definitions before Kafka 4.0 dropped it, KIP-896):
 *
 *   DeleteGroupsRequest v0-1  => groups_names: [string]
 *   DeleteGroupsRequest v2    => groups_names: [compact_string] _tagged_fields
 *
 *   DeleteGroupsResponse v0-1 => throttle_time_ms: int32
 *                                results: [group_id: string error_code: int16]
 *   DeleteGroupsResponse v2   => throttle_time_ms results(compact, with _tagged_fields)
 *                                _tagged_fields
 *
 * A group that still has members gets NON_EMPTY_GROUP (68).
 */
import { arrayOf, MessageCodec, struct } from "../protocol/schema.ts";

export interface DeleteGroupsRequestData {
  groupsNames: string[];
}

export interface DeletableGroupResult {
  groupId: string;
  errorCode: number;
}

export interface DeleteGroupsResponseData {
  throttleTimeMs: number;
  results: DeletableGroupResult[];
}

export const DeleteGroupsRequest = new MessageCodec<DeleteGroupsRequestData>({
  name: "DeleteGroupsRequest",
  apiKey: 42,
  validVersions: "0-2",
  flexibleVersions: "2+",
  fields: [
    { name: "groupsNames", type: arrayOf("string"), versions: "0+" },
  ],
});

export const DeleteGroupsResponse = new MessageCodec<DeleteGroupsResponseData>({
  name: "DeleteGroupsResponse",
  apiKey: 42,
  validVersions: "0-2",
  flexibleVersions: "2+",
  fields: [
    { name: "throttleTimeMs", type: "int32", versions: "0+" },
    {
      name: "results",
      type: arrayOf(struct(
        { name: "groupId", type: "string", versions: "0+" },
        { name: "errorCode", type: "int16", versions: "0+" },
      )),
      versions: "0+",
    },
  ],
});
