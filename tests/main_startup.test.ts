/**
 * Start-up as a user runs it (`deno run main.ts`): bad settings stop the broker with one clear
 * line and a non-zero exit before any port is bound; good ones start it on the asked port.
 */
import assert from "node:assert/strict";
import { freshStorageDir } from "./helpers/broker.ts";
import { startTaskArgs } from "./helpers/start_task.ts";

const main = new URL("../main.ts", import.meta.url).pathname;

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function run(env: Record<string, string>, args: string[] = []) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: startTaskArgs(main, ...args),
    env,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(30_000),
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr).trim() };
}

async function isListening(port: number): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: "127.0.0.1", port })).close();
    return true;
  } catch {
    return false;
  }
}

for (
  const [name, env, args, expected] of [
    ["a malformed size", { MAX_MEMORY: "12XB" }, [], /max_memory = "12XB" is not a size/],
    ["a malformed duration", { RETENTION: "5 weeks" }, [], /retention = "5 weeks"/],
    ["a port out of range", { BROKER_PORTS: "9092,70000" }, [], /broker_ports.*70000/],
    ["a missing settings file", {}, ["--settings", "/nonexistent/blink.yaml"], /blink\.yaml/],
    ["an unknown durability", { DURABILITY: "fsync" }, [], /durability = "fsync" is not one of/],
  ] as const
) {
  Deno.test(`start-up refuses ${name} with one line, exit code 2, no port bound`, async () => {
    const port = freePort();
    const r = await run({ ...env, BROKER_PORTS: (env as any).BROKER_PORTS ?? String(port) }, [
      ...args,
    ]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.split("\n").length, 1, r.stderr);
    assert.match(r.stderr, expected);
    assert.equal(await isListening(port), false);
  });
}

Deno.test("an unknown key in a settings file is refused, naming the key", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/s.yaml`, "max_memori: 1GB\n");
    const r = await run({}, ["--settings", `${dir}/s.yaml`]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /max_memori/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("good settings start the broker on the asked port; SIGTERM stops it", async () => {
  const port = freePort();
  const storagePath = freshStorageDir();
  const child = new Deno.Command(Deno.execPath(), {
    args: startTaskArgs(main),
    env: {
      BROKER_PORTS: String(port),
      REST_PORT: String(freePort()),
      LOG_LEVEL: "info",
      RECORD_STORAGE_PATH: storagePath,
    },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  try {
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      up = await isListening(port);
      if (!up) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(up, "the broker listens within 10 s");
    // A second broker on the same storage directory stops with one line naming the holder.
    const second = await run({
      BROKER_PORTS: String(freePort()),
      REST_PORT: String(freePort()),
      RECORD_STORAGE_PATH: storagePath,
    });
    assert.equal(second.code, 1);
    assert.match(second.stderr, new RegExp(`in use by process ${child.pid}`));
  } finally {
    child.kill("SIGTERM");
    const status = await child.status;
    const stderr = new TextDecoder().decode((await child.stderr.getReader().read()).value);
    assert.equal(status.code, 0);
    assert.match(stderr, /blink started/);
    // The start task's permissions let the CRC-32C addon load where it ships (x86-64 Linux here).
    if (Deno.build.os === "linux" && Deno.build.arch === "x86_64") {
      assert.match(stderr, /blink started .*crc32c=native/);
    }
  }
});
