/**
 * The Kafka listeners: one Deno.listen per port of `broker_ports`, a Connection per client.
 */
import type { Broker } from "./broker.ts";
import { Connection } from "./connection.ts";
import { FrameBuffers } from "./frame_buffers.ts";

/** Large-frame buffers kept for reuse, across all connections (outside `max_memory`). */
const FRAME_BUFFERS_RETAINED_BYTES = 64 * 1024 * 1024;
/** Frames above this get a buffer of their own, dropped after use. */
const FRAME_BUFFER_MAX_BYTES = 16 * 1024 * 1024;

export class KafkaServer {
  private readonly listeners: Deno.Listener[] = [];
  private readonly connections = new Set<Connection>();
  private readonly accepting: Promise<void>[] = [];
  private nextConnectionId = 1;
  private readonly frameBuffers = new FrameBuffers(
    FRAME_BUFFERS_RETAINED_BYTES,
    FRAME_BUFFER_MAX_BYTES,
  );

  constructor(private readonly broker: Broker) {}

  /** Binds every port (0 picks a free one) and starts accepting; returns the bound ports. */
  listen(ports: number[], hostname: string): number[] {
    const bound: number[] = [];
    try {
      for (const port of ports) {
        const listener = Deno.listen({ hostname, port, transport: "tcp" });
        this.listeners.push(listener);
        bound.push((listener.addr as Deno.NetAddr).port);
      }
    } catch (err) {
      this.close();
      throw err;
    }
    for (const listener of this.listeners) this.accepting.push(this.acceptLoop(listener));
    return bound;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private async acceptLoop(listener: Deno.Listener): Promise<void> {
    const localPort = (listener.addr as Deno.NetAddr).port;
    try {
      for await (const conn of listener) {
        // Deno leaves Nagle's algorithm on; without this a small response waits ~40 ms.
        (conn as Deno.TcpConn).setNoDelay(true);
        const c = new Connection(
          conn,
          this.broker,
          this.nextConnectionId++,
          localPort,
          this.frameBuffers,
        );
        this.connections.add(c);
        c.serve().finally(() => this.connections.delete(c));
      }
    } catch (err) {
      if (!(err instanceof Deno.errors.BadResource)) {
        this.broker.log.error("listener failed", { port: localPort, reason: String(err) });
      }
    }
  }

  /** Stops accepting and closes every connection. */
  close(): Promise<void> {
    for (const l of this.listeners) {
      try {
        l.close();
      } catch {
        // already closed
      }
    }
    this.listeners.length = 0;
    for (const c of this.connections) c.close();
    const done = Promise.all(this.accepting).then(() => {});
    this.accepting.length = 0;
    return done;
  }
}
