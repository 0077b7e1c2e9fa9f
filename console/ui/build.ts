/**
 * Builds the console into console/ui/dist/, which the console server serves under /assets/:
 * `deno bundle` turns main.tsx into app.js, and the CSS it imports (uPlot's and styles.css) into
 * app.css beside it; index.html is copied as is. Run by `deno task ui:build`; the browser test
 * calls `buildUi()` so it always checks the current source.
 */
import assert from "node:assert/strict";
import { join } from "node:path";

/** Paths as text: this script runs at build time, never inside the compiled program. */
const UI_DIR = ((dir) => {
  assert(dir, "console/ui/build.ts must run from a local file");
  return dir;
})(import.meta.dirname);
const REPO_DIR = join(UI_DIR, "..", "..");
export const DIST_DIR = join(UI_DIR, "dist");
/** What index.html loads; the build fails if one is missing. */
export const DIST_FILES = ["index.html", "app.js", "app.css"];
const BUNDLE_TIMEOUT_MS = 120_000;

/** Builds dist/ from scratch; returns each output file's size in bytes. */
export async function buildUi(): Promise<Record<string, number>> {
  await Deno.remove(DIST_DIR, { recursive: true }).catch((err) => {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  });
  await Deno.mkdir(DIST_DIR, { recursive: true });
  const bundle = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--platform",
      "browser",
      "--minify",
      "-o",
      join(DIST_DIR, "app.js"),
      join(UI_DIR, "main.tsx"),
    ],
    cwd: REPO_DIR,
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(BUNDLE_TIMEOUT_MS),
  }).output();
  if (!bundle.success) {
    throw new Error(`deno bundle failed:\n${new TextDecoder().decode(bundle.stderr)}`);
  }
  await Deno.copyFile(join(UI_DIR, "index.html"), join(DIST_DIR, "index.html"));
  const sizes: Record<string, number> = {};
  for (const name of DIST_FILES) {
    sizes[name] = (await Deno.stat(join(DIST_DIR, name))).size;
    if (sizes[name] === 0) throw new Error(`console build: ${name} is empty`);
  }
  return sizes;
}

if (import.meta.main) {
  const sizes = await buildUi();
  const listing = Object.entries(sizes).map(([name, sizeBytes]) =>
    `${name} ${(sizeBytes / 1024).toFixed(1)} KiB`
  );
  console.log(`console built in console/ui/dist: ${listing.join(", ")}`);
}
