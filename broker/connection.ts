/**
 * One client connection: framing, decoding, dispatch, and responses in request order.
 *
 * Frames are `size: int32` followed by `size` bytes (header + body). A frame larger than
 * `max_frame_size`, smaller than a header, or that fails to decode closes this connection only,
 * with the reason logged; every other connection carries on.
 *
 * Pipelining: the reader keeps reading and dispatching while earlier requests (a long-polling
 * Fetch) are pending. Each request gets a slot in `inFlight`; a response is encoded as soon as its
 * handler finishes and written when every earlier slot has been written, so responses leave in
 * request order. Ready responses at the head are coalesced into one write. `inFlight` is bounded:
 * past `MAX_IN_FLIGHT` the reader stops reading until the head drains.
 */
import type { ApiHandler, RequestContext } from "./api.ts";
import { Deferred, maxVersionOf, minVersionOf } from "./api.ts";
import type { Broker } from "./broker.ts";
import { ErrorCode, ProtocolError } from "./protocol/errors.ts";
import { API_VERSIONS_KEY, readRequestHeader, skipHeaderTags } from "./protocol/header.ts";
import { Reader } from "./protocol/reader.ts";
import { Writer } from "./protocol/writer.ts";
import { ApiVersionsResponse } from "./messages/api_versions.ts";
import type { FrameBuffers } from "./frame_buffers.ts";
import { copyResponse, SMALL_RESPONSE_MAX_BYTES } from "./response_bytes.ts";

const MAX_IN_FLIGHT = 256;
/** Frames that fit are read through this buffer; larger ones through one from FrameBuffers. */
const RECV_BUFFER_BYTES = 64 * 1024;
/** Smallest possible request: size-less header v1 (2+2+4+2 bytes). */
const MIN_FRAME_BYTES = 10;

interface Slot {
  bytes: Uint8Array | null;
  /** The reusable buffer `bytes` lies in, returned to `frameBuffers` once written. */
  buffer: Uint8Array | null;
  done: boolean;
}

export class Connection {
  private readonly recv = new Uint8Array(RECV_BUFFER_BYTES);
  private recvStart = 0;
  private recvEnd = 0;
  /** A frame larger than `recv`, being read into a buffer from `frameBuffers`. */
  private bigFrame: Uint8Array | null = null;
  private bigFrameBuffer: Uint8Array | null = null;
  private bigFrameFilled = 0;
  private readonly inFlight: Slot[] = [];
  private writing = false;
  private readonly writer = new Writer();
  private readonly abort = new AbortController();
  private drainWaiter: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly conn: Deno.Conn,
    private readonly broker: Broker,
    readonly id: number,
    readonly localPort: number,
    private readonly frameBuffers: FrameBuffers,
  ) {
    const remote = conn.remoteAddr as Deno.NetAddr;
    this.clientHost = `/${remote.hostname}`;
    broker.metrics.connectionOpened();
  }

  private readonly clientHost: string;

  /** Reads and serves requests until the peer closes or sends something we must refuse. */
  async serve(): Promise<void> {
    try {
      while (!this.closed) {
        if (this.inFlight.length >= MAX_IN_FLIGHT) {
          await new Promise<void>((resolve) => (this.drainWaiter = resolve));
          continue;
        }
        if (this.bigFrame) {
          // A large frame is read straight into its own buffer: no second copy.
          const n = await this.conn.read(this.bigFrame.subarray(this.bigFrameFilled));
          if (n === null) break;
          this.bigFrameFilled += n;
          if (this.bigFrameFilled === this.bigFrame.length) {
            const frame = this.bigFrame;
            const buffer = this.bigFrameBuffer!;
            this.bigFrame = this.bigFrameBuffer = null;
            this.dispatch(frame);
            this.frameBuffers.give(buffer);
          }
          continue;
        }
        const n = await this.conn.read(this.recv.subarray(this.recvEnd));
        if (n === null) break;
        this.recvEnd += n;
        this.processFrames();
      }
    } catch (err) {
      if (!this.closed) this.logClose(err);
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.broker.metrics.connectionClosed();
    this.abort.abort();
    this.drainWaiter?.();
    try {
      this.conn.close();
    } catch {
      // already closed by the peer
    }
  }

  private logClose(err: unknown): void {
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof ProtocolError) {
      this.broker.log.warn("closing connection: bad request", { conn: this.id, reason });
    } else if (
      err instanceof Deno.errors.ConnectionReset || err instanceof Deno.errors.BrokenPipe
    ) {
      this.broker.log.debug("connection reset by peer", { conn: this.id });
    } else {
      this.broker.log.error("closing connection: internal error", { conn: this.id, reason });
    }
  }

  /**
   * Dispatches every complete frame in the receive buffer (see `dispatch` for when a frame is
   * copied out of it); a frame that does not fit in the buffer is read into one from
   * `frameBuffers` by the next reads.
   */
  private processFrames(): void {
    const maxFrameBytes = this.broker.settings.maxFrameSizeBytes;
    while (this.recvEnd - this.recvStart >= 4) {
      const s = this.recvStart;
      const size = (this.recv[s] << 24) | (this.recv[s + 1] << 16) | (this.recv[s + 2] << 8) |
        this.recv[s + 3];
      if (size < MIN_FRAME_BYTES || size > maxFrameBytes) {
        throw new ProtocolError(
          `frame size ${size} outside ${MIN_FRAME_BYTES}..${maxFrameBytes} bytes (max_frame_size)`,
        );
      }
      const available = this.recvEnd - s - 4;
      if (available >= size) {
        const frame = this.recv.subarray(s + 4, s + 4 + size);
        this.recvStart = s + 4 + size;
        this.dispatch(frame);
        continue;
      }
      if (size + 4 > this.recv.length) {
        this.bigFrameBuffer = this.frameBuffers.take(size);
        this.bigFrame = this.bigFrameBuffer.subarray(0, size);
        this.bigFrame.set(this.recv.subarray(s + 4, this.recvEnd));
        this.bigFrameFilled = available;
        this.recvStart = this.recvEnd = 0;
        return;
      }
      break;
    }
    // Keep the partial frame at the front so the rest of it fits behind it.
    if (this.recvStart > 0) {
      this.recv.copyWithin(0, this.recvStart, this.recvEnd);
      this.recvEnd -= this.recvStart;
      this.recvStart = 0;
    }
  }

  /**
   * Decodes and starts one request. `frame` lies in a buffer the connection reuses once this
   * returns: a handler that copies what it keeps (`copiesRequest`) decodes it in place, any other
   * gets a copy, so its decoded views (member metadata, assignments) stay valid.
   */
  private dispatch(frame: Uint8Array): void {
    const r = new Reader(frame);
    const header = readRequestHeader(r);
    const handler = this.broker.handlers.get(header.apiKey);
    if (
      !handler ||
      header.apiVersion < minVersionOf(handler) || header.apiVersion > maxVersionOf(handler)
    ) {
      this.refuseVersion(header.apiKey, header.apiVersion, header.correlationId);
      return;
    }
    const startedMs = performance.now();
    const body = handler.copiesRequest ? r : new Reader(frame.slice(), r.offset);
    if (handler.request.isFlexible(header.apiVersion)) skipHeaderTags(body);
    const req = handler.request.decode(body, header.apiVersion);
    const ctx: RequestContext = {
      broker: this.broker,
      apiVersion: header.apiVersion,
      clientId: header.clientId,
      localPort: this.localPort,
      connectionId: this.id,
      clientHost: this.clientHost,
      closed: this.abort.signal,
    };
    const result = handler.handle(req, ctx);
    if (result === null) {
      // No response by protocol (Produce acks=0); the request still counts.
      this.broker.metrics.requestDone(handler.key, performance.now() - startedMs);
      return;
    }
    const slot: Slot = { bytes: null, buffer: null, done: false };
    this.inFlight.push(slot);
    const finish = (resp: unknown) => {
      if (resp !== null) {
        this.encode(slot, handler, header.apiVersion, header.correlationId, resp);
      }
      slot.done = true;
      // The write starts first (flush writes synchronously up to the socket); counting waits.
      this.flush();
      this.broker.metrics.requestDone(handler.key, performance.now() - startedMs);
    };
    if (result instanceof Deferred) {
      // Completed from inside another connection's request (an append): a failure here must
      // close this connection, not the one whose append woke it.
      const fail = (err: unknown) => {
        this.logClose(err);
        this.close();
      };
      result.start((resp) => {
        try {
          finish(resp);
        } catch (err) {
          fail(err);
        }
      }, fail);
    } else if (result instanceof Promise) {
      result.then(finish, (err) => {
        this.logClose(err);
        this.close();
      });
    } else {
      finish(result);
    }
  }

  /** Encodes a response frame into `slot`: small ones copied into a shared chunk. */
  private encode(
    slot: Slot,
    handler: ApiHandler,
    version: number,
    correlationId: number,
    resp: unknown,
  ): void {
    const w = this.writer.reset();
    w.int32(0).int32(correlationId);
    if (handler.key !== API_VERSIONS_KEY && handler.response.isFlexible(version)) w.uvarint(0);
    handler.response.encode(w, version, resp);
    w.patchInt32(0, w.offset - 4);
    const sizeBytes = w.offset;
    if (sizeBytes <= SMALL_RESPONSE_MAX_BYTES) {
      slot.bytes = copyResponse(w.written());
      return;
    }
    // A large response (Fetch) leaves in the writer's own buffer, not copied; the writer goes on
    // in a pooled buffer of the same size.
    slot.buffer = w.handOver(this.frameBuffers.take(w.buf.length));
    slot.bytes = slot.buffer.subarray(0, sizeBytes);
  }

  /**
   * An API or version we do not serve. ApiVersions gets the v0 response with UNSUPPORTED_VERSION
   * and our ranges, so the client can retry with a version we have (KIP-511). Anything else gets
   * header v0 + error_code UNSUPPORTED_VERSION, and the connection stays open.
   */
  private refuseVersion(apiKey: number, apiVersion: number, correlationId: number): void {
    this.broker.log.debug("unsupported api version", { conn: this.id, apiKey, apiVersion });
    const w = new Writer(256);
    w.int32(0).int32(correlationId);
    if (apiKey === API_VERSIONS_KEY) {
      ApiVersionsResponse.encode(w, 0, {
        errorCode: ErrorCode.UNSUPPORTED_VERSION,
        apiKeys: this.broker.apiVersionRanges(),
        throttleTimeMs: 0,
      });
    } else {
      w.int16(ErrorCode.UNSUPPORTED_VERSION);
    }
    w.patchInt32(0, w.offset - 4);
    this.inFlight.push({ bytes: w.finish(), buffer: null, done: true });
    this.flush();
  }

  /** Writes every finished response at the head of the queue, in order, one write per batch. */
  private async flush(): Promise<void> {
    if (this.writing || this.closed) return;
    this.writing = true;
    try {
      while (this.inFlight.length > 0 && this.inFlight[0].done) {
        let count = 0;
        let sizeBytes = 0;
        while (count < this.inFlight.length && this.inFlight[count].done) {
          sizeBytes += this.inFlight[count].bytes?.length ?? 0;
          count++;
        }
        const ready = this.inFlight.splice(0, count);
        let out: Uint8Array;
        let outBuffer: Uint8Array | null = null;
        if (ready.length === 1) {
          out = ready[0].bytes ?? new Uint8Array(0);
        } else {
          outBuffer = this.frameBuffers.take(sizeBytes);
          out = outBuffer.subarray(0, sizeBytes);
          let at = 0;
          for (const s of ready) {
            if (s.bytes) {
              out.set(s.bytes, at);
              at += s.bytes.length;
            }
          }
        }
        await this.writeAll(out);
        // Written: the buffers go back for later frames.
        if (outBuffer) this.frameBuffers.give(outBuffer);
        for (const s of ready) if (s.buffer) this.frameBuffers.give(s.buffer);
        if (this.drainWaiter && this.inFlight.length < MAX_IN_FLIGHT) {
          const wake = this.drainWaiter;
          this.drainWaiter = null;
          wake();
        }
      }
    } catch (err) {
      if (!this.closed) this.logClose(err);
      this.close();
    } finally {
      this.writing = false;
    }
  }

  private async writeAll(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) {
      at += await this.conn.write(at === 0 ? bytes : bytes.subarray(at));
    }
  }
}
