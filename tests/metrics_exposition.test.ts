/**
 * The Prometheus text format writer: HELP/TYPE lines, escaping, values and histogram buckets.
 */
import assert from "node:assert/strict";
import { AssertionError } from "node:assert";
import {
  escapeHelp,
  escapeLabelValue,
  Exposition,
  formatValue,
} from "../console/metrics/exposition.ts";

Deno.test("exposition: every family gets HELP then TYPE before its samples", () => {
  const text = new Exposition()
    .counter("x_requests_total", "Requests.", [
      { labels: { api: "Produce" }, value: 3 },
      { labels: { api: "Fetch" }, value: 0 },
    ])
    .gauge("x_connections", "Open connections.", [{ value: 2 }])
    .text();
  assert.equal(
    text,
    [
      "# HELP x_requests_total Requests.",
      "# TYPE x_requests_total counter",
      'x_requests_total{api="Produce"} 3',
      'x_requests_total{api="Fetch"} 0',
      "# HELP x_connections Open connections.",
      "# TYPE x_connections gauge",
      "x_connections 2",
      "",
    ].join("\n"),
  );
});

Deno.test("exposition: label values and HELP text are escaped", () => {
  assert.equal(escapeLabelValue('a"b\\c\nd'), 'a\\"b\\\\c\\nd');
  assert.equal(escapeLabelValue("plain-topic.1"), "plain-topic.1");
  assert.equal(escapeHelp('back\\slash\nnew "quotes" stay'), 'back\\\\slash\\nnew "quotes" stay');
  const text = new Exposition()
    .gauge("x_lag", "Lag.\nSecond line.", [
      { labels: { group: 'g"1\n\\', partition: "0" }, value: 5 },
    ])
    .text();
  assert.match(text, /^# HELP x_lag Lag\.\\nSecond line\.$/m);
  assert(text.includes('x_lag{group="g\\"1\\n\\\\",partition="0"} 5\n'));
  // One physical line per sample: the raw line feed never reaches the output.
  assert.equal(text.split("\n").length, 4);
});

Deno.test("exposition: values as Go's ParseFloat reads them", () => {
  assert.equal(formatValue(NaN), "NaN");
  assert.equal(formatValue(Infinity), "+Inf");
  assert.equal(formatValue(-Infinity), "-Inf");
  assert.equal(formatValue(0.00005), "0.00005");
  assert.equal(formatValue(1e21), "1e+21");
  assert.equal(formatValue(1712345678.123), "1712345678.123");
});

Deno.test("exposition: histogram buckets are cumulative, end with +Inf, and match _count", () => {
  const text = new Exposition()
    .histogram("x_duration_seconds", "Durations.", [0.001, 0.01, 0.1], [
      { labels: { api: "Fetch" }, bucketCounts: [2, 0, 3, 1], sum: 1.5 },
    ])
    .text();
  const lines = text.trim().split("\n");
  assert.deepEqual(lines, [
    "# HELP x_duration_seconds Durations.",
    "# TYPE x_duration_seconds histogram",
    'x_duration_seconds_bucket{api="Fetch",le="0.001"} 2',
    'x_duration_seconds_bucket{api="Fetch",le="0.01"} 2',
    'x_duration_seconds_bucket{api="Fetch",le="0.1"} 5',
    'x_duration_seconds_bucket{api="Fetch",le="+Inf"} 6',
    'x_duration_seconds_sum{api="Fetch"} 1.5',
    'x_duration_seconds_count{api="Fetch"} 6',
  ]);
  const buckets = lines.filter((l) => l.includes("_bucket")).map((l) => Number(l.split(" ")[1]));
  for (let i = 1; i < buckets.length; i++) assert(buckets[i] >= buckets[i - 1]);
});

Deno.test("exposition: families without samples are left out", () => {
  const text = new Exposition()
    .gauge("x_empty", "Nothing.", [])
    .histogram("x_h_seconds", "Nothing.", [1], [])
    .counter("x_seen_total", "Seen.", [{ value: 1 }])
    .text();
  assert.equal(text, "# HELP x_seen_total Seen.\n# TYPE x_seen_total counter\nx_seen_total 1\n");
  assert.equal(new Exposition().text(), "");
});

Deno.test("exposition: refuses what Prometheus would reject", () => {
  assert.throws(() => new Exposition().counter("x_requests", "No suffix.", []), AssertionError);
  assert.throws(
    () => new Exposition().gauge("bad-name", "Dash.", [{ value: 1 }]),
    AssertionError,
  );
  assert.throws(
    () => new Exposition().gauge("x", "Label.", [{ labels: { "a-b": "1" }, value: 1 }]),
    AssertionError,
  );
  assert.throws(
    () => new Exposition().gauge("x", "Reserved.", [{ labels: { __name__: "y" }, value: 1 }]),
    AssertionError,
  );
  assert.throws(
    () => new Exposition().gauge("x", "A.", [{ value: 1 }]).gauge("x", "B.", [{ value: 2 }]),
    AssertionError,
  );
  assert.throws(
    () =>
      new Exposition().histogram("x_seconds", "Short.", [1, 2], [
        { labels: {}, bucketCounts: [1, 2], sum: 1 },
      ]),
    AssertionError,
  );
  assert.throws(
    () =>
      new Exposition().histogram("x_seconds", "le.", [1], [
        { labels: { le: "1" }, bucketCounts: [1, 2], sum: 1 },
      ]),
    AssertionError,
  );
});
