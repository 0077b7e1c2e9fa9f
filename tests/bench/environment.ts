/**
 * What a benchmark result was measured on: date, Deno and V8, OS, cores, and the client
 * library version pinned by the project's deno.lock.
 */

const LOCK_FILE = new URL("../../deno.lock", import.meta.url);
const CLIENT_PACKAGE = "@platformatic/kafka";

/** The locked version of the client, or "unknown" when the lock file does not say. */
async function clientVersion(): Promise<string> {
  try {
    const lock = JSON.parse(await Deno.readTextFile(LOCK_FILE));
    const specifiers: Record<string, string> = lock.specifiers ?? {};
    const key = Object.keys(specifiers).find((k) => k.startsWith(`npm:${CLIENT_PACKAGE}@`));
    return key === undefined ? "unknown" : specifiers[key];
  } catch {
    return "unknown";
  }
}

export async function describeEnvironment(): Promise<string[]> {
  let os = `${Deno.build.os} ${Deno.build.arch}`;
  try {
    const release = await Deno.readTextFile("/etc/os-release");
    const pretty = release.match(/^PRETTY_NAME="?([^"\n]*)"?$/m);
    if (pretty) os = `${pretty[1]} (${Deno.build.arch})`;
  } catch {
    // not Linux: the build target says enough
  }
  return [
    `date: ${new Date().toISOString()}`,
    `machine: ${navigator.hardwareConcurrency} cores, ${os}, kernel ${Deno.osRelease()}`,
    `runtime: Deno ${Deno.version.deno}, V8 ${Deno.version.v8}`,
    `client: ${CLIENT_PACKAGE} ${await clientVersion()} (pure JS, in the bench process)`,
  ];
}
