/**
 * The permission flags of `deno task start`, read from deno.json, so tests that spawn the broker
 * grant exactly what the start task grants: a permission the broker needs but the task lacks fails
 * them, as it would fail a user.
 */
import assert from "node:assert/strict";

const denoJson = JSON.parse(Deno.readTextFileSync(new URL("../../deno.json", import.meta.url)));
const startEntry = denoJson.tasks.start;
const startCommand: string = typeof startEntry === "string" ? startEntry : startEntry.command;

export const START_PERMISSIONS: readonly string[] = startCommand.split(/\s+/)
  .filter((arg) => arg.startsWith("--allow-"));
assert.ok(START_PERMISSIONS.length > 0, `no --allow- flags in the start task: ${startCommand}`);

/** `deno run` arguments for `script` and its own `args`, with the start task's permissions. */
export function startTaskArgs(script: string, ...args: string[]): string[] {
  return ["run", ...START_PERMISSIONS, script, ...args];
}
