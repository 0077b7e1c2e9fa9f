/**
 * SaslHandshake (key 17): the client names a SASL mechanism; the broker lists the ones it has.
 * From v1 the SASL tokens that follow travel in SaslAuthenticate requests (KIP-152).
 *
 * Grammar (Kafka message definitions SaslHandshakeRequest/Response.json; never flexible: the
 * version cannot be bumped, KAFKA-9577):
 *
 *   SaslHandshakeRequest v0-1  => mechanism: string
 *
 *   SaslHandshakeResponse v0-1 => error_code: int16 mechanisms: [string]
 */
import { arrayOf, MessageCodec } from "../protocol/schema.ts";

export interface SaslHandshakeRequestData {
  mechanism: string;
}

export interface SaslHandshakeResponseData {
  errorCode: number;
  mechanisms: string[];
}

export const SaslHandshakeRequest = new MessageCodec<SaslHandshakeRequestData>({
  name: "SaslHandshakeRequest",
  apiKey: 17,
  validVersions: "0-1",
  flexibleVersions: "none",
  fields: [
    { name: "mechanism", type: "string", versions: "0+" },
  ],
});

export const SaslHandshakeResponse = new MessageCodec<SaslHandshakeResponseData>({
  name: "SaslHandshakeResponse",
  apiKey: 17,
  validVersions: "0-1",
  flexibleVersions: "none",
  fields: [
    { name: "errorCode", type: "int16", versions: "0+" },
    { name: "mechanisms", type: arrayOf("string"), versions: "0+" },
  ],
});
