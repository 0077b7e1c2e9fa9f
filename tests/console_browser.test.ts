/**
 * The console in a real browser (Debian's chromium driven by playwright-core) against an
 * in-process broker: create a topic in the UI, produce a message in the UI and find it in the
 * message browser (also in live tail) and through the Kafka protocol, follow a consumer group,
 * watch the overview chart move after a produce burst, see the storage page's tiers after a spill
 * (and its charts move with more spill and a read from disk), delete the topic in the UI. The browser
 * console must stay free of errors, and at 360 px nothing may stick out sideways. Every page is
 * screenshotted: into docs/screenshots/<page>.png when UPDATE_SCREENSHOTS=1 is set (the README
 * shows them), else into tests/screenshots/*.tmp.png (git-ignored), so a test run leaves no diff.
 */
import assert from "node:assert/strict";
import { Consumer } from "@platformatic/kafka";
import type { Browser, Page } from "playwright-core";
import { FetchRequest, FetchResponse } from "../broker/messages/fetch.ts";
import { ProduceRequest, ProduceResponse } from "../broker/messages/produce.ts";
import { splitAndValidate } from "../broker/records/batch_header.ts";
import { buildBatch, decodeBatch, type NewRecord } from "../broker/records/record_codec.ts";
import { createLogger } from "../broker/settings/log.ts";
import { buildUi } from "../console/ui/build.ts";
import { startBlink } from "../main.ts";
import { hasCommand, type TestBroker, testSettings, uniqueTopic } from "./helpers/broker.ts";
import { clientOptions } from "./helpers/platformatic.ts";
import {
  collectConsoleErrors,
  hasChromium,
  horizontalOverflow,
  launchChromium,
} from "./helpers/browser.ts";
import { kcatJsonLines, kcatOk } from "./helpers/kcat.ts";
import { RawClient } from "./helpers/raw_client.ts";
import { fetchRequest, produceRequest } from "./helpers/requests.ts";
import { produceUntilSpilled } from "./helpers/spill.ts";
import { waitUntil } from "./helpers/wait_until.ts";

const PHONE_SCREENSHOTS = new URL("./screenshots/", import.meta.url);
const UPDATE_DOCS = Deno.env.get("UPDATE_SCREENSHOTS") === "1";
const WAIT_MS = 15_000;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

const enc = new TextEncoder();
const dec = new TextDecoder();

interface ConsoleBroker {
  b: TestBroker;
  url: string;
}

/**
 * A broker with its console on a free port; the keys the test overrides show as "env". Its
 * memory is small (4 MiB of 256 KiB segments) so that a topic of a few MiB spills to disk.
 */
function startConsoleBroker(): ConsoleBroker {
  const settings = testSettings({
    groupInitialRebalanceDelayMs: 0,
    maxMemoryBytes: 4 * 1024 * 1024,
    segmentSizeBytes: 256 * 1024,
    walSegmentSizeBytes: 4 * 1024 * 1024,
  });
  const overridden = [
    "broker_ports",
    "rest_port",
    "max_memory",
    "segment_size",
    "wal_segment_size",
    "log_level",
    "group_initial_rebalance_delay_ms",
  ];
  const sources = Object.fromEntries(overridden.map((key) => [key, "env" as const]));
  const running = startBlink(settings, createLogger(settings.logLevel), sources);
  const port = running.kafkaPorts[0];
  return {
    b: {
      port,
      bootstrap: `127.0.0.1:${port}`,
      restPort: running.restPort,
      broker: running.broker,
      stop: () => running.stop(),
    },
    url: `http://127.0.0.1:${running.restPort}/`,
  };
}

async function produce(c: RawClient, topic: string, partition: number, records: NewRecord[]) {
  const r = await c.request(
    ProduceRequest,
    ProduceResponse,
    8,
    produceRequest(topic, partition, buildBatch(records)),
  );
  assert.equal(r.responses[0].partitionResponses[0].errorCode, 0);
}

async function fetchRecords(c: RawClient, topic: string, partition: number, offset: number) {
  const r = await c.request(
    FetchRequest,
    FetchResponse,
    11,
    fetchRequest(topic, partition, offset),
  );
  const p = r.responses[0].partitions[0];
  assert.equal(p.errorCode, 0);
  const bytes = p.records as Uint8Array;
  if (bytes.length === 0) return [];
  const { batches } = splitAndValidate(bytes) as { batches: { bytes: Uint8Array }[] };
  return batches.flatMap((batch) => decodeBatch(batch.bytes));
}

function json(value: unknown): NewRecord {
  return { key: null, value: enc.encode(JSON.stringify(value)) };
}

/** The topic that outgrows memory: its oldest batches spill to the WAL. */
const SPILLED_TOPIC = "clickstream";

/**
 * Topics with a little data, so the pages show something like real use; first a topic of ~12 MiB
 * that spills, so the newer small topics stay in memory.
 */
async function seedDemoData(c: ConsoleBroker, client: RawClient): Promise<void> {
  c.b.broker.createTopic(SPILLED_TOPIC, 1, {});
  await produceUntilSpilled(c.b, SPILLED_TOPIC, { totalBytes: 12 * 1024 * 1024 });
  c.b.broker.createTopic("orders", 3, { "retention.ms": "86400000" });
  c.b.broker.createTopic("page-views", 1, { "cleanup.policy": "compact" });
  for (let partition = 0; partition < 3; partition++) {
    const orders = Array.from(
      { length: 40 + partition * 25 },
      (_, i) =>
        json({ id: `o-${partition}-${i}`, item: ["book", "lamp", "mug"][i % 3], qty: 1 + i % 4 }),
    );
    await produce(client, "orders", partition, orders);
  }
  await produce(
    client,
    "page-views",
    0,
    // A compacted topic takes keyed records only (INVALID_RECORD without a key).
    Array.from({ length: 120 }, (_, i) => ({
      key: enc.encode(`visitor-${i % 40}`),
      value: enc.encode(`/docs/page-${i}`),
    })),
  );
}

/** Resolves once `condition` resolves true, polling; rejects naming `what` after WAIT_MS. */
async function waitUntilAsync(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadlineMs = Date.now() + WAIT_MS;
  while (!(await condition())) {
    if (Date.now() > deadlineMs) throw new Error(`timed out after ${WAIT_MS} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A page for the docs (docs/screenshots with UPDATE_SCREENSHOTS=1) or for review only. */
async function screenshot(page: Page, name: string, dir?: URL): Promise<void> {
  if (!dir) {
    return UPDATE_DOCS
      ? await screenshot(page, name, new URL("../docs/screenshots/", import.meta.url))
      : await screenshot(page, `${name}.tmp`, PHONE_SCREENSHOTS);
  }
  await Deno.mkdir(dir, { recursive: true });
  await page.evaluate(() =>
    (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0)
  );
  await page.mouse.move(0, 0);
  await page.screenshot({ path: new URL(`${name}.png`, dir).pathname, fullPage: true });
}

/** Opens a route by its hash and waits for the page's heading. */
async function open(page: Page, url: string, hash: string, heading: string): Promise<void> {
  await page.goto(`${url}${hash}`);
  await page.getByRole("heading", { level: 1, name: heading, exact: true }).waitFor();
}

/** The `aria-label` of the chart titled `title`: its latest values. */
function chartLabel(page: Page, title: string): Promise<string | null> {
  return page.locator(`figure.chart[aria-label^="${title}:"]`).getAttribute("aria-label");
}

async function createTopicInUi(page: Page, topic: string): Promise<void> {
  await page.getByRole("navigation", { name: "pages" }).getByRole("link", { name: "Topics" })
    .click();
  const form = page.getByRole("form", { name: "create topic" });
  await form.getByLabel("Name", { exact: true }).fill(topic);
  await form.getByLabel("Partitions", { exact: true }).fill("2");
  await form.getByLabel("retention.ms", { exact: true }).fill("3600000");
  await form.getByLabel("cleanup.policy").selectOption("delete");
  await form.getByRole("button", { name: "Create" }).click();
  const row = page.locator(`tr[data-topic="${topic}"]`);
  await row.waitFor();
  const cells = await row.locator("td").allInnerTexts();
  assert.deepEqual(cells.slice(0, 6), [topic, "2", "0", "0 B", "1h", "delete"]);
}

async function produceInUi(page: Page, topic: string): Promise<void> {
  await page.locator(`tr[data-topic="${topic}"]`).getByRole("link", { name: topic }).click();
  await page.getByRole("heading", { level: 1, name: topic }).waitFor();
  const form = page.getByRole("form", { name: "produce a message" });
  await form.getByLabel("Partition").selectOption("1");
  await form.getByLabel("Key", { exact: true }).fill("order-1");
  await form.getByLabel("Value", { exact: true }).fill('{"item":"book","qty":2}');
  await form.getByRole("button", { name: "Add header" }).click();
  await form.getByLabel("Header key", { exact: true }).fill("source");
  await form.getByLabel("Header value", { exact: true }).fill("console");
  await form.getByRole("button", { name: "Produce" }).click();
  await form.getByRole("status").filter({ hasText: "Produced to partition 1 at offset 0." })
    .waitFor();
}

async function findInMessageBrowser(page: Page): Promise<void> {
  const browser = page.getByRole("form", { name: "message browser" });
  await browser.getByLabel("Partition").selectOption("1");
  const card = page.locator('article.message[data-offset="0"]');
  await card.filter({ hasText: '{"item":"book","qty":2}' }).waitFor();
  const text = await card.innerText();
  for (const part of ["order-1", "partition 1", "source", "console"]) {
    assert.ok(text.includes(part), `message card shows ${part}: ${text}`);
  }
  await browser.getByLabel("Format").selectOption("json");
  await card.locator("pre", { hasText: '"qty": 2' }).waitFor();
  await browser.getByLabel("Format").selectOption("hex");
  await card.locator("pre", { hasText: "7b" }).waitFor();
  await browser.getByLabel("Format").selectOption("text");
}

async function consumeWithKafkaClients(c: ConsoleBroker, client: RawClient, topic: string) {
  const [record] = await fetchRecords(client, topic, 1, 0);
  assert.equal(dec.decode(record.key!), "order-1");
  assert.equal(dec.decode(record.value!), '{"item":"book","qty":2}');
  assert.deepEqual(
    record.headers.map((h) => [h.key, dec.decode(h.value!)]),
    [["source", "console"]],
  );
  if (!hasCommand("kcat")) return;
  const run = await kcatOk(c.b.bootstrap, ["-C", "-t", topic, "-p", "1", "-o", "0", "-e", "-J"]);
  const [m] = kcatJsonLines(run.text);
  assert.equal(m.key, "order-1");
  assert.equal(m.payload, '{"item":"book","qty":2}');
  assert.deepEqual(m.headers, ["source", "console"]);
}

async function liveTail(page: Page, client: RawClient, topic: string): Promise<void> {
  const browser = page.getByRole("form", { name: "message browser" });
  await browser.getByLabel("Live tail").check();
  await page.getByText("tailing, newest first").waitFor();
  await produce(client, topic, 1, [{ key: null, value: enc.encode("tailed record") }]);
  await page.locator('article.message[data-offset="1"]', { hasText: "tailed record" }).waitFor();
  await browser.getByLabel("Live tail").uncheck();
}

/** Paging: one record per page from offset 1, then older; then everything from a minute ago. */
async function browsePages(page: Page): Promise<void> {
  const browser = page.getByRole("form", { name: "message browser" });
  const offsets = () =>
    page.locator("article.message").evaluateAll((cards) =>
      cards.map((card) => Number(card.getAttribute("data-offset")))
    );
  await browser.getByLabel("Start").selectOption("offset");
  await browser.getByLabel("Offset", { exact: true }).fill("1");
  await browser.getByLabel("Count", { exact: true }).fill("1");
  await browser.getByRole("button", { name: "Show" }).click();
  await waitUntilAsync(async () => (await offsets()).join() === "1", "offset 1 alone");
  await page.getByRole("button", { name: "‹ Older" }).click();
  await waitUntilAsync(async () => (await offsets()).join() === "0", "offset 0 alone");
  const aMinuteAgo = await page.evaluate(() => {
    const d = new Date(Date.now() - 60_000);
    d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
    return d.toISOString().slice(0, 19);
  });
  await browser.getByLabel("Start").selectOption("time");
  await browser.getByLabel("From", { exact: true }).fill(aMinuteAgo);
  await browser.getByLabel("Count", { exact: true }).fill("50");
  await browser.getByRole("button", { name: "Show" }).click();
  await waitUntilAsync(async () => (await offsets()).join() === "0,1", "both from a time");
  await browser.getByLabel("Start").selectOption("newest");
}

/**
 * A live group member (@platformatic/kafka) reads the topic and commits its first record; the
 * group pages show it Stable with its assignment, committed offsets and lag.
 */
async function followGroup(page: Page, c: ConsoleBroker, topic: string): Promise<Consumer> {
  const groupId = `${topic}-readers`;
  const consumer = new Consumer({
    ...clientOptions(c.b),
    clientId: "console-demo",
    groupId,
    sessionTimeout: 6_000,
    rebalanceTimeout: 8_000,
    heartbeatInterval: 300,
  });
  const seen: { commit(): unknown }[] = [];
  const stream = await consumer.consume({
    topics: [topic],
    mode: "earliest",
    autocommit: false,
    maxWaitTime: 200,
  });
  stream.on("data", (m) => seen.push(m));
  await waitUntil(() => seen.length >= 2, WAIT_MS, "the member reads both records");
  await seen[0].commit();
  await open(page, c.url, "#/groups", "Consumer groups");
  await page.getByRole("link", { name: groupId }).click();
  await page.getByRole("heading", { level: 1, name: groupId }).waitFor();
  await page.locator(".badge", { hasText: "Stable" }).first().waitFor();
  await page.getByRole("cell", { name: "console-demo", exact: true }).waitFor();
  const offsetRow = page.locator("tr", { has: page.getByRole("link", { name: topic }) });
  assert.deepEqual(
    (await offsetRow.locator("td").allInnerTexts()).slice(1),
    ["1", "1", "2", "1"],
    "partition 1: committed 1, end 2, lag 1",
  );
  return consumer;
}

/** A produce burst over ~3 s moves the messages/s chart off zero. */
async function watchChart(page: Page, url: string, client: RawClient): Promise<void> {
  await open(page, url, "#/", "Overview");
  await page.locator("figure.chart canvas").first().waitFor();
  const before = await chartLabel(page, "Messages/s");
  assert.match(before ?? "", /^Messages\/s: in .+, out .+$/);
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i < 5; i++) {
      await produce(
        client,
        "orders",
        i % 3,
        Array.from({ length: 100 }, (_, n) => json({ id: `burst-${round}-${i}-${n}` })),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await page.waitForFunction(
    () => {
      const label = (globalThis as any).document.querySelector(
        'figure.chart[aria-label^="Messages/s:"]',
      )
        ?.getAttribute("aria-label") ?? "";
      return /: in [1-9]/.test(label);
    },
    undefined,
    { timeout: WAIT_MS },
  );
}

/** Waits until the chart titled `title` shows `series` above zero as its latest value. */
async function waitForChartValue(page: Page, title: string, series: string): Promise<void> {
  await page.waitForFunction(
    ([title, series]) => {
      const label = (globalThis as any).document.querySelector(
        `figure.chart[aria-label^="${title}:"]`,
      )?.getAttribute("aria-label") ?? "";
      return new RegExp(`[:,] ${series} [1-9]`).test(label);
    },
    [title, series],
    { timeout: WAIT_MS },
  );
}

/**
 * The storage page after the seed's spill: the WAL card (durability, disk used, segment files),
 * bytes held only on disk, the spilled topic's row, the spill card; then the live charts move
 * with more spill and with a fetch that reads the oldest batches back from disk.
 */
async function checkStoragePage(page: Page, c: ConsoleBroker, client: RawClient) {
  await open(page, c.url, "#/memory", "Storage");
  await page.getByRole("heading", { name: "Bytes per topic and partition" }).waitFor();
  const wal = page.getByRole("region", { name: "Write-ahead log" });
  await wal.getByText("durability memory").waitFor();
  await wal.getByRole("meter", { name: "disk used" }).waitFor();
  const segments = wal.getByRole("table", { name: "segment files" }).locator("tbody tr");
  await segments.nth(1).waitFor(); // 12 MiB spilled into 4 MiB files: several
  const onDisk = await wal.locator(".stat", { hasText: "Held only on disk" })
    .locator(".stat-value").innerText();
  assert.match(onDisk, /^[1-9][\d.]* MiB$/, `held only on disk: ${onDisk}`);
  const spilledCell = page.locator(`tr[data-topic="${SPILLED_TOPIC}"] td[data-spilled-bytes]`);
  assert.ok(Number(await spilledCell.getAttribute("data-spilled-bytes")) > 0);
  assert.match(await spilledCell.innerText(), /MiB$/);
  const spill = page.getByRole("region", { name: "Spill" });
  const spilledBatches = await spill.locator(".stat", { hasText: "Batches" })
    .locator(".stat-value").innerText();
  assert.ok(Number(spilledBatches.replaceAll(",", "")) > 0, `spilled batches ${spilledBatches}`);
  await page.getByRole("region", { name: "Recovery" }).getByText("Nothing recovered").waitFor();
  const pool = page.locator(".card", { has: page.getByRole("heading", { name: "Segment pool" }) });
  const committed = await pool.locator(".stat", { hasText: "Committed" }).locator(".stat-value")
    .innerText();
  // Spill began past the 80% mark of 4 MiB, so at least 13 of the 16 segments have held batches.
  const committedMiB = Number(committed.replace(/ MiB$/, ""));
  assert.ok(committedMiB >= 3.25 && committedMiB <= 4, `committed ${committed}`);
  await waitForChartValue(page, "WAL bytes on disk", "on disk");
  await screenshot(page, "memory");

  await produceUntilSpilled(c.b, SPILLED_TOPIC, { totalBytes: 3 * 1024 * 1024 });
  await waitForChartValue(page, "Spill and WAL reads", "spilled");
  const read = await fetchRecords(client, SPILLED_TOPIC, 0, 0);
  assert.ok(read.length > 0, "the oldest records, read back from disk");
  await waitForChartValue(page, "Spill and WAL reads", "WAL read");
}

async function deleteTopicInUi(page: Page, url: string, c: ConsoleBroker, topic: string) {
  await open(page, url, "#/topics", "Topics");
  const row = page.locator(`tr[data-topic="${topic}"]`);
  await row.getByRole("button", { name: "Delete" }).click();
  const dialog = row.locator("dialog[open]");
  assert.match(await dialog.innerText(), new RegExp(`Delete topic "${topic}"`));
  await dialog.getByRole("button", { name: "Delete topic" }).click();
  await row.waitFor({ state: "detached" });
  assert.equal(c.b.broker.store.topic(topic), undefined);
}

/** Every page at phone width: nothing sticks out sideways; screenshots for review. */
async function checkPhone(browser: Browser, url: string, topic: string, groupId: string) {
  const page = await browser.newPage({ viewport: PHONE });
  page.setDefaultTimeout(WAIT_MS);
  const errors = collectConsoleErrors(page);
  /** [page, route, heading, an element that shows once the page has its data] */
  const pages: [string, string, string, string][] = [
    ["overview", "#/", "Overview", ".facts"],
    ["topics", "#/topics", "Topics", `tr[data-topic="${topic}"]`],
    ["topic", `#/topics/${topic}`, topic, ".browser .pager"],
    ["groups", "#/groups", "Consumer groups", "tbody tr"],
    ["group", `#/groups/${groupId}`, groupId, "tbody tr"],
    ["memory", "#/memory", "Storage", ".group-row"],
    ["settings", "#/settings", "Settings", "tr[data-setting]"],
  ];
  for (const [name, hash, heading, ready] of pages) {
    await open(page, url, hash, heading);
    await page.locator(ready).first().waitFor();
    assert.deepEqual(await horizontalOverflow(page), [], `${name} at ${PHONE.width} px`);
    if (name === "overview") await screenshot(page, "overview-phone");
    await screenshot(page, `${name}-phone.tmp`, PHONE_SCREENSHOTS);
  }
  await page.close();
  return errors;
}

Deno.test({
  name: "console in chromium: create, produce, browse, consume, chart, group, delete; 360 px",
  ignore: !hasChromium(),
  async fn() {
    await buildUi();
    const c = startConsoleBroker();
    const client = await RawClient.connect(c.b.port);
    const browser = await launchChromium();
    let consumer: Consumer | null = null;
    try {
      await seedDemoData(c, client);
      const page = await browser.newPage({ viewport: DESKTOP });
      page.setDefaultTimeout(WAIT_MS);
      const errors = collectConsoleErrors(page);
      const topic = uniqueTopic("ui");

      await open(page, c.url, "", "Overview");
      await page.locator(".live-on").waitFor();
      await createTopicInUi(page, topic);
      await screenshot(page, "topics");
      await produceInUi(page, topic);
      await findInMessageBrowser(page);
      await consumeWithKafkaClients(c, client, topic);
      await liveTail(page, client, topic);
      await browsePages(page);
      await screenshot(page, "topic");

      consumer = await followGroup(page, c, topic);
      await screenshot(page, "group");
      await open(page, c.url, "#/groups", "Consumer groups");
      await screenshot(page, "groups");

      await watchChart(page, c.url, client);
      await screenshot(page, "overview");
      await checkStoragePage(page, c, client);
      await open(page, c.url, "#/settings", "Settings");
      await page.locator('tr[data-setting="max_memory"]').waitFor();
      await screenshot(page, "settings");

      errors.push(...await checkPhone(browser, c.url, topic, `${topic}-readers`));
      await consumer.close(true);
      consumer = null;
      await deleteTopicInUi(page, c.url, c, topic);
      assert.deepEqual(errors, []);
    } finally {
      await consumer?.close(true);
      await browser.close();
      client.close();
      await c.b.stop();
    }
  },
});

Deno.test({
  name: "console in chromium: with console_token set, the login form lets the right token in",
  ignore: !hasChromium(),
  async fn() {
    await buildUi();
    const token = "s3cret-console-token";
    const settings = testSettings({ consoleToken: token });
    const running = startBlink(settings, createLogger(settings.logLevel));
    const url = `http://127.0.0.1:${running.restPort}/`;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: PHONE });
      page.setDefaultTimeout(WAIT_MS);
      await page.goto(url);
      await page.getByLabel("Console token").fill("not-the-token");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByText("That token is not right.").waitFor();
      assert.ok(!(await page.content()).includes("not-the-token"), "the token is not echoed");
      await page.getByLabel("Console token").fill(token);
      await page.getByRole("button", { name: "Log in" }).click();
      await page.getByRole("heading", { level: 1, name: "Overview", exact: true }).waitFor();
      await page.locator(".live-on").waitFor();
      await page.locator(".facts").first().waitFor();
      assert.ok(!(await page.content()).includes(token), "the token is not in the page");
      await screenshot(page, "login-phone.tmp", PHONE_SCREENSHOTS);
    } finally {
      await browser.close();
      await running.stop();
    }
  },
});
