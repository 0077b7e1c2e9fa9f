import assert from "node:assert/strict";
import { loadSettings, type Settings, SettingsError } from "../broker/settings/load.ts";
import { SETTING_SPECS } from "../broker/settings/schema.ts";

const DEFAULTS_YAML = Deno.readTextFileSync(new URL("../settings.yaml", import.meta.url));
const MIB = 1024 ** 2;

const EXPECTED_DEFAULTS: Settings = {
  brokerPorts: [9092, 9094],
  kafkaHostname: "localhost",
  bindAddress: "127.0.0.1",
  restPort: 30004,
  maxMemoryBytes: 1024 * MIB,
  segmentSizeBytes: MIB,
  maxFrameSizeBytes: 100 * MIB,
  retentionMs: 3_600_000,
  purgeOnFetch: false,
  prefaultMemory: true,
  recordStoragePath: "./data",
  durability: "memory",
  maxDiskBytes: 10 * 1024 * MIB,
  walSegmentSizeBytes: 64 * MIB,
  spillHighWaterPercent: 80,
  walSyncIntervalMs: 100,
  compactionIntervalMs: 30_000,
  defaultPartitions: 1,
  autoCreateTopics: true,
  enableConsumerGroups: true,
  groupInitialRebalanceDelayMs: 3000,
  pluginPaths: [],
  logLevel: "info",
  retentionCheckIntervalMs: 1000,
  consoleToken: "",
};

/** Loads with `files` as the only readable files. */
function load(
  args: string[] = [],
  env: Record<string, string> = {},
  files: Record<string, string> = {},
) {
  return loadSettings(DEFAULTS_YAML, args, env, (path) => {
    if (!(path in files)) {
      throw new Deno.errors.NotFound(`No such file or directory (os error 2): readfile '${path}'`);
    }
    return files[path];
  });
}

/** Asserts a one-line SettingsError whose message contains every fragment. */
function assertFails(run: () => unknown, ...fragments: string[]) {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof SettingsError, `not a SettingsError: ${error}`);
    assert.ok(!error.message.includes("\n"), `more than one line: ${error.message}`);
    assert.ok(error.message.startsWith("settings: "), error.message);
    for (const fragment of fragments) {
      assert.ok(
        error.message.includes(fragment),
        `${JSON.stringify(fragment)} not in: ${error.message}`,
      );
    }
    return true;
  });
}

Deno.test("defaults come from the embedded settings.yaml", () => {
  const loaded = load();
  assert.deepEqual(loaded.settings, EXPECTED_DEFAULTS);
  assert.equal(loaded.file, null);
  assert.equal(Object.keys(loaded.sources).length, SETTING_SPECS.length);
  assert.ok(Object.values(loaded.sources).every((source) => source === "default"));
  assert.equal(loaded.raw.max_memory, "1GB");
  assert.deepEqual(loaded.raw.broker_ports, [9092, 9094]);
});

Deno.test("settings.yaml documents every key with a comment naming its default", () => {
  const lines = DEFAULTS_YAML.split("\n");
  for (const spec of SETTING_SPECS) {
    const index = lines.findIndex((line) => line.startsWith(`${spec.key}:`));
    assert.ok(index > 0, `${spec.key} missing`);
    let start = index;
    while (start > 0 && lines[start - 1].startsWith("#")) start--;
    const comment = lines.slice(start, index).join(" ");
    assert.match(comment, /Default: \S/, `${spec.key} lacks a comment with its default`);
  }
});

Deno.test("--settings FILE overrides the keys it lists", () => {
  const files = { "my.yaml": "max_memory: 2GiB\nretention: forever\nplugin_paths: [a.wasm]\n" };
  for (
    const args of [["--settings", "my.yaml"], ["--settings=my.yaml"], [
      "--verbose",
      "--settings=my.yaml",
    ]]
  ) {
    const loaded = load(args, {}, files);
    assert.equal(loaded.file, "my.yaml");
    assert.equal(loaded.settings.maxMemoryBytes, 2048 * MIB);
    assert.equal(loaded.settings.retentionMs, -1);
    assert.deepEqual(loaded.settings.pluginPaths, ["a.wasm"]);
    assert.equal(loaded.settings.restPort, 30004);
    assert.equal(loaded.sources.max_memory, "file");
    assert.equal(loaded.sources.rest_port, "default");
    assert.equal(loaded.raw.max_memory, "2GiB");
  }
});

Deno.test("an empty --settings file changes nothing", () => {
  const loaded = load(["--settings", "empty.yaml"], {}, { "empty.yaml": "# nothing here\n" });
  assert.deepEqual(loaded.settings, EXPECTED_DEFAULTS);
});

Deno.test("environment variables override file and defaults, for every value kind", () => {
  const env = {
    BROKER_PORTS: "9200, 9201",
    PLUGIN_PATHS: "a.wasm,b.wasm",
    PURGE_ON_FETCH: "yes",
    AUTO_CREATE_TOPICS: "0",
    MAX_MEMORY: "512MB",
    RETENTION: "30m",
    REST_PORT: "8080",
    LOG_LEVEL: "debug",
    KAFKA_HOSTNAME: "broker.local",
    CONSOLE_TOKEN: "s3cret",
    UNRELATED_VARIABLE: "ignored",
  };
  const files = { "f.yaml": "rest_port: 7000\nkafka_cfg_num_partitions: 3\n" };
  const loaded = load(["--settings", "f.yaml"], env, files);
  assert.deepEqual(loaded.settings.brokerPorts, [9200, 9201]);
  assert.deepEqual(loaded.settings.pluginPaths, ["a.wasm", "b.wasm"]);
  assert.equal(loaded.settings.purgeOnFetch, true);
  assert.equal(loaded.settings.autoCreateTopics, false);
  assert.equal(loaded.settings.maxMemoryBytes, 512 * MIB);
  assert.equal(loaded.settings.retentionMs, 1_800_000);
  assert.equal(loaded.settings.restPort, 8080);
  assert.equal(loaded.settings.logLevel, "debug");
  assert.equal(loaded.settings.kafkaHostname, "broker.local");
  assert.equal(loaded.settings.consoleToken, "s3cret");
  assert.equal(loaded.settings.defaultPartitions, 3);
  assert.equal(loaded.sources.rest_port, "env");
  assert.equal(loaded.sources.kafka_cfg_num_partitions, "file");
  assert.equal(loaded.sources.segment_size, "default");
  assert.deepEqual(loaded.raw.broker_ports, [9200, 9201]);
  assert.equal(loaded.raw.purge_on_fetch, true);
  assert.ok(!("unrelated_variable" in loaded.raw));
});

Deno.test("empty env values: an empty list and an empty token are allowed", () => {
  const loaded = load(["--settings", "f.yaml"], { PLUGIN_PATHS: "", CONSOLE_TOKEN: "" }, {
    "f.yaml": "plugin_paths: [x.wasm]\nconsole_token: abc\n",
  });
  assert.deepEqual(loaded.settings.pluginPaths, []);
  assert.equal(loaded.settings.consoleToken, "");
  assert.equal(loaded.sources.console_token, "env");
});

Deno.test("bad values give one line naming key, value, allowed values and origin", () => {
  const cases: [Record<string, string>, string[]][] = [
    [{ MAX_MEMORY: "12XB" }, [
      'max_memory = "12XB" is not a size (use e.g. 512MB, 1GiB or a byte count)',
      "env MAX_MEMORY",
    ]],
    [{ RETENTION: "soon" }, ['retention = "soon" is not a duration']],
    [{ RETENTION_CHECK_INTERVAL: "forever" }, ["retention_check_interval", "10ms to 1d"]],
    [{ REST_PORT: "70000" }, ["rest_port = 70000 is out of range (use 1-65535)"]],
    [{ REST_PORT: "http" }, ['rest_port = "http" is not a whole number']],
    [{ BROKER_PORTS: "9092,0" }, ["broker_ports = [9092,0]: item 0 is out of range (use 1-65535)"]],
    [{ BROKER_PORTS: "9092,9092" }, ["broker_ports", "9092 twice"]],
    [{ BROKER_PORTS: "" }, ["broker_ports = [] is empty"]],
    [{ PURGE_ON_FETCH: "maybe" }, ['purge_on_fetch = "maybe" is not a boolean', "1/0/yes/no"]],
    [{ LOG_LEVEL: "loud" }, ['log_level = "loud" is not one of debug|info|warn|error']],
    [{ KAFKA_CFG_NUM_PARTITIONS: "0" }, [
      "kafka_cfg_num_partitions = 0 is out of range (use 1-10000)",
    ]],
    [{ GROUP_INITIAL_REBALANCE_DELAY_MS: "-5" }, ["group_initial_rebalance_delay_ms = -5"]],
    [{ SEGMENT_SIZE: "1KiB" }, ['segment_size = "1KiB" is out of range (use at least 64KiB)']],
    [{ MAX_FRAME_SIZE: "2GiB" }, ["max_frame_size", "1KiB to 1GiB"]],
    [{ KAFKA_HOSTNAME: " " }, ['kafka_hostname = " " is empty']],
    [{ PLUGIN_PATHS: "a.wasm,,b.wasm" }, [
      'plugin_paths = ["a.wasm","","b.wasm"]: item "" is empty',
    ]],
    [{ SEGMENT_SIZE: "2GiB" }, ['segment_size = "2GiB"', "larger than max_memory"]],
    [{ REST_PORT: "9094" }, ["rest_port = 9094 is also in broker_ports"]],
  ];
  for (const [env, fragments] of cases) assertFails(() => load([], env), ...fragments);
});

Deno.test("wrong YAML types are rejected naming the key and the file", () => {
  const cases: [string, string[]][] = [
    ["rest_port: '30004'\n", ['rest_port = "30004" is not a whole number']],
    ["broker_ports: 9092\n", ["broker_ports = 9092 is not a list"]],
    ["purge_on_fetch: yes\n", ['purge_on_fetch = "yes" is not a boolean']],
    ["kafka_hostname: 42\n", ["kafka_hostname = 42 is not text"]],
    ["max_memory:\n", ["max_memory = null is not a size"]],
    ["retention: [1h]\n", ['retention = ["1h"] is not a duration']],
    ["plugin_paths: [1]\n", ["plugin_paths = [1]: item 1 is not text"]],
  ];
  for (const [yaml, fragments] of cases) {
    assertFails(
      () => load(["--settings", "bad.yaml"], {}, { "bad.yaml": yaml }),
      ...fragments,
      "in bad.yaml",
    );
  }
});

Deno.test("an unknown key in a file is rejected, naming key and file", () => {
  assertFails(
    () => load(["--settings", "typo.yaml"], {}, { "typo.yaml": "max_memroy: 1GB\n" }),
    'unknown key "max_memroy" in typo.yaml',
    "known keys: broker_ports",
  );
  assertFails(
    () => loadSettings(`${DEFAULTS_YAML}\nextra: 1\n`, [], {}),
    'unknown key "extra" in embedded settings.yaml',
  );
});

Deno.test("a missing, unreadable or invalid file is rejected, naming the file", () => {
  assertFails(
    () => load(["--settings", "nope.yaml"]),
    "cannot read settings file nope.yaml",
    "No such file",
  );
  const realMissing = () => loadSettings(DEFAULTS_YAML, ["--settings=/nonexistent/blink.yaml"], {});
  assertFails(realMissing, "cannot read settings file /nonexistent/blink.yaml");
  assertFails(
    () => load(["--settings", "b.yaml"], {}, { "b.yaml": "a: b: c\n" }),
    "b.yaml is not valid YAML: Nested",
  );
  assertFails(
    () => load(["--settings", "d.yaml"], {}, { "d.yaml": "retention: 1h\nretention: 2h\n" }),
    "d.yaml is not valid YAML",
    "unique",
  );
  assertFails(
    () => load(["--settings", "l.yaml"], {}, { "l.yaml": "- 1\n- 2\n" }),
    "l.yaml must be a YAML mapping",
    "a list",
  );
  assertFails(
    () => load(["--settings", "t.yaml"], {}, { "t.yaml": "retention: !weird 1h\n" }),
    "t.yaml is not valid YAML",
    "!weird",
  );
});

Deno.test("a --settings flag without a path, or given twice, is rejected", () => {
  assertFails(() => load(["--settings"]), "--settings needs a file path");
  assertFails(() => load(["--settings="]), "--settings needs a file path");
  assertFails(() => load(["--settings", "--other"]), "--settings needs a file path");
  assertFails(
    () => load(["--settings=a.yaml", "--settings", "b.yaml"]),
    '--settings given 2 times ("a.yaml", "b.yaml")',
  );
});

Deno.test("embedded defaults must list every key", () => {
  const withoutToken = DEFAULTS_YAML.replace(/^console_token:.*$/m, "");
  assertFails(
    () => loadSettings(withoutToken, [], {}),
    "embedded settings.yaml lacks key console_token",
  );
});

Deno.test("a bad value is caught even when a later layer overrides it", () => {
  assertFails(
    () => load(["--settings", "f.yaml"], { MAX_MEMORY: "1GB" }, { "f.yaml": "max_memory: lots\n" }),
    'max_memory = "lots" is not a size',
    "in f.yaml",
  );
});
