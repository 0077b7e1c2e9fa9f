/**
 * Request and response headers.
 *
 * Grammar (Kafka message definitions RequestHeader.json, ResponseHeader.json):
 *
 *   RequestHeader v0  => request_api_key: int16  request_api_version: int16  correlation_id: int32
 *   RequestHeader v1  => v0 fields  client_id: nullable_string (classic int16 length)
 *   RequestHeader v2  => v1 fields  _tagged_fields            (for flexible request versions)
 *
 *   ResponseHeader v0 => correlation_id: int32
 *   ResponseHeader v1 => correlation_id: int32  _tagged_fields  (for flexible response versions)
 *
 * Every client this broker serves sends header v1 or v2; v0 is only ControlledShutdown v0, which we
 * do not serve. ApiVersions responses always use header v0 (KIP-511), whatever their version.
 */
import { Reader } from "./reader.ts";

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** Reads the header fields common to v1 and v2; tagged fields (v2) are read by `skipHeaderTags`. */
export function readRequestHeader(r: Reader): RequestHeader {
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  const idLength = r.int16();
  const clientId = idLength < 0 ? null : r.utf8(idLength);
  return { apiKey, apiVersion, correlationId, clientId };
}

/** Skips header v2's tagged fields (none are defined for requests that we read). */
export function skipHeaderTags(r: Reader): void {
  const n = r.uvarint();
  for (let i = 0; i < n; i++) {
    r.uvarint();
    r.skip(r.uvarint());
  }
}

export const API_VERSIONS_KEY = 18;
