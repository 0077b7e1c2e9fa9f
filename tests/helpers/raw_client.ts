/**
 * A raw Kafka connection for protocol tests: sends framed requests encoded with the broker's own
 * codecs (header v1/v2 by flexibility) and reads framed responses, so tests can pipeline, send
 * malformed bytes, and check exact error codes. Real clients check the wire format elsewhere.
 */
import type { MessageCodec } from "../../broker/protocol/schema.ts";
import { Reader } from "../../broker/protocol/reader.ts";
import { Writer } from "../../broker/protocol/writer.ts";

export class RawClient {
  private buf = new Uint8Array(0);
  private nextCorrelationId = 1;

  private constructor(readonly conn: Deno.TcpConn) {}

  static async connect(port: number): Promise<RawClient> {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.setNoDelay(true);
    return new RawClient(conn);
  }

  /** Encodes a request frame; returns its bytes and correlation id. */
  frame<T>(
    codec: MessageCodec<T>,
    version: number,
    body: T,
    apiKey = codec.schema.apiKey,
  ): { bytes: Uint8Array; correlationId: number } {
    const correlationId = this.nextCorrelationId++;
    const w = new Writer(256);
    w.int32(0).int16(apiKey).int16(version).int32(correlationId);
    const clientId = new TextEncoder().encode("raw-test");
    w.int16(clientId.length).raw(clientId);
    if (codec.isFlexible(version)) w.uvarint(0);
    codec.encode(w, version, body);
    w.patchInt32(0, w.offset - 4);
    return { bytes: w.finish(), correlationId };
  }

  async write(bytes: Uint8Array): Promise<void> {
    let at = 0;
    while (at < bytes.length) at += await this.conn.write(bytes.subarray(at));
  }

  async send<T>(codec: MessageCodec<T>, version: number, body: T): Promise<number> {
    const f = this.frame(codec, version, body);
    await this.write(f.bytes);
    return f.correlationId;
  }

  /** Reads one response frame: its correlation id and a reader positioned after it. */
  async readFrame(timeoutMs = 5000): Promise<{ correlationId: number; body: Reader }> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      if (this.buf.length >= 4) {
        const size = new DataView(this.buf.buffer, this.buf.byteOffset).getInt32(0);
        if (this.buf.length >= 4 + size) {
          const frame = this.buf.slice(4, 4 + size);
          this.buf = this.buf.slice(4 + size);
          const r = new Reader(frame);
          return { correlationId: r.int32(), body: r };
        }
      }
      const chunk = new Uint8Array(64 * 1024);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("timed out waiting for a response");
      let timer: ReturnType<typeof setTimeout> | undefined;
      const n = await Promise.race([
        this.conn.read(chunk),
        new Promise<"timeout">((r) => timer = setTimeout(() => r("timeout"), left)),
      ]);
      clearTimeout(timer);
      if (n === "timeout") throw new Error("timed out waiting for a response");
      if (n === null) throw new Error("connection closed by the broker");
      const next = new Uint8Array(this.buf.length + n);
      next.set(this.buf);
      next.set(chunk.subarray(0, n), this.buf.length);
      this.buf = next;
    }
  }

  /** Reads one response and decodes it (skipping header v1's tagged fields when flexible). */
  async receive<T>(codec: MessageCodec<T>, version: number, timeoutMs = 5000) {
    const { correlationId, body } = await this.readFrame(timeoutMs);
    if (codec.isFlexible(version) && codec.schema.apiKey !== 18) body.uvarint();
    return { correlationId, value: codec.decode(body, version) };
  }

  async request<Req, Resp>(
    reqCodec: MessageCodec<Req>,
    respCodec: MessageCodec<Resp>,
    version: number,
    body: Req,
  ): Promise<Resp> {
    const id = await this.send(reqCodec, version, body);
    const r = await this.receive(respCodec, version);
    if (r.correlationId !== id) throw new Error(`correlation ${r.correlationId} != ${id}`);
    return r.value;
  }

  /** Resolves true when the broker has closed the connection (read returns EOF or fails). */
  async closedByPeer(timeoutMs = 2000): Promise<boolean> {
    try {
      await this.readFrame(timeoutMs);
      return false;
    } catch (err) {
      return String(err).includes("closed") || err instanceof Deno.errors.ConnectionReset;
    }
  }

  close(): void {
    try {
      this.conn.close();
    } catch {
      // already closed
    }
  }
}
