/**
 * What `deno task compile` needs, checked without the `denort` runtime it downloads:
 * - every file the program reads next to its own source (`new URL(..., import.meta.url)`) is in
 *   the task's `--include` list, so the single executable carries it;
 * - the program's whole module graph bundles into one file that starts a working broker when the
 *   included files sit beside it, as they do inside the executable's embedded file system.
 */
import assert from "node:assert/strict";
import { ApiVersionsRequest, ApiVersionsResponse } from "../broker/messages/api_versions.ts";
import { RawClient } from "./helpers/raw_client.ts";
import { startTaskArgs } from "./helpers/start_task.ts";

const root = new URL("../", import.meta.url);
const denoJson = JSON.parse(Deno.readTextFileSync(new URL("deno.json", root)));
/** The compile task's command (deno.json may hold the task as `{command, dependencies}`). */
const compileEntry: string | { command: string } = denoJson.tasks.compile;
const compileTask = typeof compileEntry === "string" ? compileEntry : compileEntry.command;

/** The --include paths (files or folders), without a trailing slash. */
function includedFiles(): string[] {
  return [...compileTask.matchAll(/--include\s+(\S+)/g)].map((m) => m[1].replace(/\/$/, ""));
}

/** Copies the file or folder `path` (relative to the repository) under `dir`. */
async function copyIncluded(path: string, dir: string): Promise<void> {
  const from = new URL(path, root);
  await Deno.mkdir(`${dir}/${path}`.replace(/\/[^/]*$/, ""), { recursive: true });
  if (!(await Deno.stat(from)).isDirectory) return await Deno.copyFile(from, `${dir}/${path}`);
  for await (const e of Deno.readDir(from)) await copyIncluded(`${path}/${e.name}`, dir);
}

/** Paths read via `new URL("<relative>", import.meta.url)` by non-test source files. */
async function assetsReadBySource(): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: URL) => {
    for await (const e of Deno.readDir(dir)) {
      const url = new URL(e.name + (e.isDirectory ? "/" : ""), dir);
      if (e.isDirectory) {
        if (!["tests", "node_modules", "dist", "data", ".git"].includes(e.name)) await walk(url);
      } else if (e.name.endsWith(".ts")) {
        const text = await Deno.readTextFile(url);
        for (const m of text.matchAll(/new URL\("([^"]+)",\s*import\.meta\.url\)/g)) {
          const asset = new URL(m[1], url).pathname.slice(root.pathname.length);
          if (!asset.endsWith(".ts")) out.push(asset.replace(/\/$/, ""));
        }
      }
    }
  };
  await walk(root);
  return out;
}

Deno.test("the compile task embeds every file the program reads beside its source", async () => {
  assert.match(compileTask, /^deno compile /);
  assert.match(compileTask, /main\.ts$/);
  const assets = await assetsReadBySource();
  assert.ok(assets.includes("settings.yaml"), "main.ts reads the embedded settings.yaml");
  for (const asset of assets) assert.ok(includedFiles().includes(asset), `${asset} not included`);
});

Deno.test("the module graph bundles into one file that runs a broker", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bundled = await new Deno.Command(Deno.execPath(), {
      // The CRC-32C addon's loader names a binary for every platform, which a bundler cannot
      // resolve; compile embeds the npm package instead. Left out here, the bundled broker
      // sums in JavaScript (crc32c.ts falls back), which this test also covers.
      args: [
        "bundle",
        "--platform",
        "deno",
        "--external",
        "@node-rs/crc32",
        "-o",
        `${dir}/blink.js`,
        "main.ts",
      ],
      cwd: root.pathname,
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(120_000),
    }).output();
    assert.equal(bundled.code, 0, new TextDecoder().decode(bundled.stderr));
    for (const f of includedFiles()) await copyIncluded(f, dir);
    // Two free ports, both held while picked (port + 1 may belong to another test's server).
    const probes = [0, 1].map(() => Deno.listen({ hostname: "127.0.0.1", port: 0 }));
    const [port, restPort] = probes.map((p) => (p.addr as Deno.NetAddr).port);
    for (const p of probes) p.close();
    const child = new Deno.Command(Deno.execPath(), {
      args: startTaskArgs("blink.js"),
      cwd: dir,
      env: { BROKER_PORTS: String(port), REST_PORT: String(restPort), LOG_LEVEL: "error" },
      stdout: "null",
      stderr: "piped",
    }).spawn();
    let exited = false;
    const status = child.status.finally(() => (exited = true));
    const stderr = new Response(child.stderr).text();
    try {
      let client: RawClient | null = null;
      for (let i = 0; i < 100 && !client; i++) {
        try {
          client = await RawClient.connect(port);
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      assert.ok(
        client,
        `the bundled broker listens${exited ? `; it exited: ${await stderr}` : ""}`,
      );
      const r = await client.request(ApiVersionsRequest, ApiVersionsResponse, 3, {
        clientSoftwareName: "bundle-test",
        clientSoftwareVersion: "1",
      });
      client.close();
      assert.equal(r.errorCode, 0);
      assert.ok(r.apiKeys.length > 10);
    } finally {
      if (!exited) child.kill("SIGTERM");
      await status;
      await stderr;
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
