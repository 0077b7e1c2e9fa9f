/**
 * console_token: every endpoint (REST, admin API, SSE, UI, unknown paths, wrong methods) refuses
 * a request without the token (401), accepts it as a Bearer header or as the cookie POST /login
 * sets, and the token never appears in any response body or header.
 */
import assert from "node:assert/strict";
import { type TestBroker, uniqueTopic, withBroker } from "./helpers/broker.ts";
import { ConsoleHttp, ENDPOINT_METHODS, type HttpResult } from "./helpers/console_http.ts";

const TOKEN = "s3cret-T0ken-for-tests";

interface Probe {
  method: string;
  path: string;
  body?: unknown;
  /** The status with the token. */
  expected: number;
}

/** A request to every endpoint that succeeds with the token; names made unique per `round`. */
function probes(round: string, topic: string): Probe[] {
  const made = `made-${round}`;
  const group = `g-${round}`;
  return [
    { method: "POST", path: "/produce", body: { topic, value: "v" }, expected: 200 },
    { method: "GET", path: `/fetch?topic=${topic}`, expected: 200 },
    { method: "GET", path: "/metrics", expected: 200 },
    { method: "GET", path: "/prometheus", expected: 200 },
    { method: "GET", path: "/version", expected: 200 },
    { method: "GET", path: "/dump", expected: 200 },
    { method: "GET", path: "/allocated", expected: 200 },
    { method: "POST", path: "/purge", expected: 200 },
    { method: "GET", path: "/api/overview", expected: 200 },
    { method: "GET", path: "/api/topics", expected: 200 },
    { method: "POST", path: "/api/topics", body: { name: made, partitions: 1 }, expected: 201 },
    { method: "GET", path: `/api/topics/${topic}`, expected: 200 },
    { method: "GET", path: `/api/topics/${topic}/messages`, expected: 200 },
    { method: "POST", path: `/api/topics/${topic}/messages`, body: { value: "w" }, expected: 201 },
    { method: "DELETE", path: `/api/topics/${made}`, expected: 204 },
    { method: "GET", path: "/api/groups", expected: 200 },
    {
      method: "POST",
      path: `/api/groups/${group}/offsets`,
      body: { topic, to: "earliest" },
      expected: 200,
    },
    { method: "GET", path: `/api/groups/${group}`, expected: 200 },
    { method: "DELETE", path: `/api/groups/${group}`, expected: 204 },
    { method: "GET", path: "/api/memory", expected: 200 },
    { method: "GET", path: "/api/settings", expected: 200 },
    { method: "GET", path: "/api/metrics/history", expected: 200 },
    { method: "GET", path: "/no/such/endpoint", expected: 404 },
    { method: "PUT", path: "/api/topics", expected: 405 },
  ];
}

/** Every response seen, to check that none carries the token. */
class Seen {
  readonly texts: string[] = [];

  add(r: HttpResult): HttpResult {
    this.texts.push(r.text);
    for (const [name, value] of r.headers) this.texts.push(`${name}: ${value}`);
    return r;
  }

  assertNoToken(): void {
    assert.ok(this.texts.length > 100, `${this.texts.length} texts seen`);
    for (const text of this.texts) assert.equal(text.includes(TOKEN), false, text);
  }
}

/** Status of GET /api/events with `headers`; the stream is cancelled right away. */
async function eventsStatus(b: TestBroker, headers: Record<string, string>, seen: Seen) {
  const res = await fetch(`http://127.0.0.1:${b.restPort}/api/events`, { headers });
  let text = "";
  if (res.status === 200) await res.body?.cancel();
  else text = await res.text();
  seen.add({ status: res.status, headers: res.headers, text, json: undefined });
  return res.status;
}

/** Groups in the probes exist once they have a committed offset. */
function seedGroup(b: TestBroker, round: string, topic: string) {
  b.broker.groups.commit(`g-${round}`, {
    topic,
    partition: 0,
    offset: 0,
    leaderEpoch: -1,
    metadata: "",
  });
}

Deno.test("with console_token set, every request without it is refused with 401", () =>
  withBroker({ consoleToken: TOKEN }, async (b) => {
    const topic = uniqueTopic("guarded");
    b.broker.createTopic(topic, 1, {});
    seedGroup(b, "anon", topic);
    const seen = new Seen();
    const anonymous = new ConsoleHttp(b.restPort);
    const wrong: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: "Bearer " },
      { authorization: `Basic ${TOKEN}` },
      { cookie: `blink_token=${TOKEN}` },
      { cookie: "blink_token=0123abcd" },
    ];
    for (const headers of wrong) {
      for (const p of probes("anon", topic)) {
        const r = seen.add(await anonymous.call(p.method, p.path, { body: p.body, headers }));
        assert.equal(r.status, 401, `${p.method} ${p.path} ${JSON.stringify(headers)}`);
        assert.match(r.json.error, /^console_token is set: send Authorization: Bearer <token>/);
        assert.equal(r.headers.get("www-authenticate"), 'Bearer realm="blink"');
      }
      for (const [path, methods] of ENDPOINT_METHODS) {
        if (path === "/login" || path === "/api/events") continue;
        for (const method of methods) {
          const r = seen.add(await anonymous.call(method, path, { headers }));
          assert.equal(r.status, 401, `${method} ${path}`);
        }
      }
      assert.equal(await eventsStatus(b, headers, seen), 401);
    }
    const page = seen.add(await anonymous.get("/"));
    assert.equal(page.headers.get("content-type"), "text/html; charset=UTF-8");
    assert.match(page.text, /<form method="post" action="\/login">/);
    assert.match(page.text, /name="token" type="password"/);
    assert.equal(b.broker.store.partition(topic, 0)!.nextOffset, 0, "nothing was produced");
    assert.equal(b.broker.store.topic("made-anon"), undefined, "nothing was created");
    assert.equal(b.broker.groups.offsets.get("g-anon", topic, 0)?.offset, 0);
    seen.assertNoToken();
  }));

Deno.test("the token is accepted as a Bearer header and as the cookie POST /login sets", () =>
  withBroker({ consoleToken: TOKEN }, async (b) => {
    const topic = uniqueTopic("open");
    b.broker.createTopic(topic, 1, {});
    const seen = new Seen();
    const anonymous = new ConsoleHttp(b.restPort);

    const form = seen.add(await anonymous.get("/login"));
    assert.equal(form.status, 200);
    assert.match(form.text, /name="token"/);
    const refused = seen.add(
      await anonymous.post("/login", new URLSearchParams({ token: `${TOKEN}!` })),
    );
    assert.equal(refused.status, 401);
    assert.match(refused.text, /That token is not right\./);
    assert.equal(refused.headers.get("set-cookie"), null);
    const empty = seen.add(await anonymous.post("/login", { token: TOKEN }));
    assert.equal(empty.status, 401, "the login takes a form, not JSON");

    const login = seen.add(await anonymous.post("/login", new URLSearchParams({ token: TOKEN })));
    assert.equal(login.status, 303);
    assert.equal(login.headers.get("location"), "/");
    const setCookie = login.headers.get("set-cookie")!;
    const match = /^blink_token=([0-9a-f]{64}); Path=\/; HttpOnly; SameSite=Strict$/.exec(
      setCookie,
    );
    assert.ok(match, setCookie);
    const cookie = `blink_token=${match[1]}`;

    const clients: [string, Record<string, string>][] = [
      ["header", { authorization: `Bearer ${TOKEN}` }],
      ["lower", { authorization: `bearer ${TOKEN}` }],
      ["cookie", { cookie }],
      ["cookies", { cookie: `theme=dark; ${cookie}; other=1` }],
    ];
    for (const [round, headers] of clients) {
      seedGroup(b, round, topic);
      const http = anonymous.with(headers);
      for (const p of probes(round, topic)) {
        const r = seen.add(await http.call(p.method, p.path, { body: p.body }));
        assert.equal(r.status, p.expected, `${round}: ${p.method} ${p.path}: ${r.text}`);
      }
      assert.equal(await eventsStatus(b, headers, seen), 200);
      const ui = seen.add(await http.get("/"));
      assert.ok(ui.status === 200 || ui.status === 503, `${round}: GET / ${ui.status}`);
      assert.equal(seen.add(await http.get("/login")).status, 303, "logged in: on to the console");
    }
    assert.equal(b.broker.store.partition(topic, 0)!.nextOffset, 8, "two records per round");
    seen.assertNoToken();
  }));

Deno.test("without console_token every endpoint is open and /login leads to the console", () =>
  withBroker({}, async (b) => {
    const http = new ConsoleHttp(b.restPort);
    assert.equal((await http.get("/api/overview")).status, 200);
    const login = await http.post("/login", new URLSearchParams({ token: "anything" }));
    assert.deepEqual([login.status, login.headers.get("location")], [303, "/"]);
    assert.equal(login.headers.get("set-cookie"), null);
    assert.equal((await http.get("/login")).status, 303);
  }));
