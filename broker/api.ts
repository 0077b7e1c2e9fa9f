/**
 * What every API handler looks like, and what it may use.
 *
 * A handler receives the decoded request and returns the response value, a promise of it, a
 * `Deferred` (answered later through a callback), or `null` when the protocol says no response
 * is sent (Produce with acks=0). The connection encodes the result with the API's response codec
 * at the request's version as soon as it is given.
 */
import type { MessageCodec } from "./protocol/schema.ts";
import type { Broker } from "./broker.ts";

export interface RequestContext {
  broker: Broker;
  apiVersion: number;
  clientId: string | null;
  /** The local port the client connected to; Metadata advertises it back. */
  localPort: number;
  connectionId: number;
  /** The client's address as the broker sees it (DescribeGroups shows it). */
  clientHost: string;
  /** Set when the connection closes, so long-polls can stop waiting. */
  closed: AbortSignal;
}

/**
 * A response given later through a callback rather than a promise: the connection encodes and
 * writes it synchronously inside the call to `complete`. A long-polling Fetch woken by an append
 * uses this so its response leaves before the Produce response that woke it, with no promise hop
 * in between, and so record views taken from the pool are encoded before anything can reuse it.
 */
export class Deferred<Resp> {
  /** `fail` gives up on the request: the connection logs the error and closes. */
  constructor(
    readonly start: (complete: (resp: Resp) => void, fail: (err: unknown) => void) => void,
  ) {}
}

export interface ApiHandler<Req = any, Resp = any> {
  key: number;
  name: string;
  request: MessageCodec<Req>;
  response: MessageCodec<Resp>;
  /** Whether ApiVersions lists it (group APIs follow `enable_consumer_groups`); default yes. */
  advertised?: (broker: Broker) => boolean;
  /**
   * True when `handle` has copied whatever it keeps of the request by the time it returns (it may
   * still answer later). The request is then decoded in place, in a buffer the connection reuses
   * for its next frames; otherwise it is decoded from a copy of the frame.
   */
  copiesRequest?: boolean;
  handle(req: Req, ctx: RequestContext): Resp | Promise<Resp> | Deferred<Resp> | null;
}

export function minVersionOf(h: ApiHandler): number {
  return Math.max(h.request.minVersion, h.response.minVersion);
}

export function maxVersionOf(h: ApiHandler): number {
  return Math.min(h.request.maxVersion, h.response.maxVersion);
}
