/**
 * Test helper for the console's HTTP endpoints: fetch() against a test broker's console that
 * always reads the whole body (so no resource leaks) and returns status, headers and body.
 */

/** Every console endpoint with the methods it serves (GET also answers HEAD). */
export const ENDPOINT_METHODS: [string, string[]][] = [
  ["/", ["GET", "HEAD"]],
  ["/assets/app.js", ["GET", "HEAD"]],
  ["/login", ["GET", "HEAD", "POST"]],
  ["/produce", ["POST"]],
  ["/fetch", ["GET", "HEAD"]],
  ["/metrics", ["GET", "HEAD"]],
  ["/prometheus", ["GET", "HEAD"]],
  ["/version", ["GET", "HEAD"]],
  ["/dump", ["GET", "HEAD"]],
  ["/allocated", ["GET", "HEAD"]],
  ["/purge", ["POST"]],
  ["/api/overview", ["GET", "HEAD"]],
  ["/api/topics", ["GET", "HEAD", "POST"]],
  ["/api/topics/some-topic", ["GET", "HEAD", "DELETE"]],
  ["/api/topics/some-topic/messages", ["GET", "HEAD", "POST"]],
  ["/api/groups", ["GET", "HEAD"]],
  ["/api/groups/some-group", ["GET", "HEAD", "DELETE"]],
  ["/api/groups/some-group/offsets", ["POST"]],
  ["/api/memory", ["GET", "HEAD"]],
  ["/api/settings", ["GET", "HEAD"]],
  ["/api/events", ["GET", "HEAD"]],
  ["/api/metrics/history", ["GET", "HEAD"]],
];

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: any;
}

export interface CallOptions {
  /** Sent as JSON unless it is a string (sent as is) or URLSearchParams/FormData (a form). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Follow redirects (default: no, so tests see 303s and their cookies). */
  redirect?: RequestRedirect;
}

export class ConsoleHttp {
  readonly base: string;

  constructor(restPort: number, readonly defaultHeaders: Record<string, string> = {}) {
    this.base = `http://127.0.0.1:${restPort}`;
  }

  /** The same console with extra headers on every call (a token, a cookie). */
  with(headers: Record<string, string>): ConsoleHttp {
    const port = Number(new URL(this.base).port);
    return new ConsoleHttp(port, { ...this.defaultHeaders, ...headers });
  }

  async call(method: string, path: string, opts: CallOptions = {}): Promise<HttpResult> {
    const headers: Record<string, string> = { ...this.defaultHeaders, ...opts.headers };
    let body: BodyInit | undefined;
    if (opts.body instanceof URLSearchParams || opts.body instanceof FormData) {
      body = opts.body;
    } else if (typeof opts.body === "string") {
      body = opts.body;
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] ??= "application/json";
    }
    const res = await fetch(this.base + path, {
      method,
      headers,
      body,
      redirect: opts.redirect ?? "manual",
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  get(path: string, opts?: CallOptions): Promise<HttpResult> {
    return this.call("GET", path, opts);
  }

  post(path: string, body?: unknown, opts: CallOptions = {}): Promise<HttpResult> {
    return this.call("POST", path, { ...opts, body });
  }

  delete(path: string, opts?: CallOptions): Promise<HttpResult> {
    return this.call("DELETE", path, opts);
  }
}
