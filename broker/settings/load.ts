/**
 * loadSettings: the embedded settings.yaml gives every default, an optional `--settings FILE`
 * overrides keys, and environment variables (the key upper-cased) override both. Every value
 * of every layer is checked; any problem throws a one-line SettingsError naming the key or file.
 */
import { settingsFileArg } from "./args.ts";
import { findConflict } from "./combination.ts";
import { firstLine, SettingsError } from "./error.ts";
import { showValue } from "./kinds.ts";
import { SETTING_SPECS, type Settings } from "./schema.ts";
import { readSettingsYaml } from "./yaml_source.ts";

export { SettingsError } from "./error.ts";
export type { Settings } from "./schema.ts";
export { FOREVER_MS, parseDuration, parseSize } from "./units.ts";

/** Where each key's effective value came from, for the console's settings page. */
export type SettingSource = "default" | "file" | "env";

export interface LoadedSettings {
  settings: Settings;
  /** YAML key -> where its effective value came from. */
  sources: Record<string, SettingSource>;
  /** YAML key -> effective value as YAML would hold it (env text already split/converted). */
  raw: Record<string, unknown>;
  /** The --settings file, or null. */
  file: string | null;
}

interface Layer {
  source: SettingSource;
  /** Names a key's origin in messages, e.g. `in ./x.yaml`. */
  describe: (key: string) => string;
  values: Map<string, unknown>;
}

const EMBEDDED_NAME = "embedded settings.yaml";

/**
 * defaultsYaml: the text of the embedded settings.yaml (the caller reads it). args: CLI args
 * (looks for --settings FILE and --settings=FILE). env: environment. readFile injected for tests.
 */
export function loadSettings(
  defaultsYaml: string,
  args: string[],
  env: Record<string, string>,
  readFile: (path: string) => string = Deno.readTextFileSync,
): LoadedSettings {
  const file = settingsFileArg(args);
  const layers: Layer[] = [{
    source: "default",
    describe: () => `in ${EMBEDDED_NAME}`,
    values: readSettingsYaml(defaultsYaml, EMBEDDED_NAME),
  }];
  if (file !== null) {
    layers.push({
      source: "file",
      describe: () => `in ${file}`,
      values: readSettingsYaml(readSettingsFile(file, readFile), file),
    });
  }
  layers.push(envLayer(env));

  const settings: Record<string, unknown> = {};
  const sources: Record<string, SettingSource> = {};
  const raw: Record<string, unknown> = {};
  const origins: Record<string, string> = {};
  for (const spec of SETTING_SPECS) {
    for (const layer of layers) {
      if (!layer.values.has(spec.key)) continue;
      const value = layer.values.get(spec.key);
      try {
        settings[spec.field] = spec.kind.fromYaml(value);
      } catch (error) {
        throw new SettingsError(
          `settings: ${spec.key} = ${firstLine(error)}; set ${layer.describe(spec.key)}`,
        );
      }
      sources[spec.key] = layer.source;
      raw[spec.key] = value;
      origins[spec.key] = layer.describe(spec.key);
    }
    if (!(spec.key in sources)) {
      throw new SettingsError(
        `settings: ${EMBEDDED_NAME} lacks key ${spec.key}; it must list every key`,
      );
    }
  }

  const checked = settings as unknown as Settings;
  const conflict = findConflict(checked);
  if (conflict !== null) {
    throw new SettingsError(
      `settings: ${conflict.key} = ${showValue(raw[conflict.key])} ${conflict.reason}; ` +
        `set ${origins[conflict.key]}`,
    );
  }
  return { settings: checked, sources, raw, file };
}

function readSettingsFile(path: string, readFile: (path: string) => string): string {
  try {
    return readFile(path);
  } catch (error) {
    throw new SettingsError(`settings: cannot read settings file ${path}: ${firstLine(error)}`);
  }
}

/** Only the known names are read; any other variable is none of our business. */
function envLayer(env: Record<string, string>): Layer {
  const values = new Map<string, unknown>();
  for (const spec of SETTING_SPECS) {
    const text = env[spec.envName];
    if (text !== undefined) values.set(spec.key, spec.kind.fromEnv(text));
  }
  const envNames = new Map(SETTING_SPECS.map((spec) => [spec.key, spec.envName]));
  return { source: "env", describe: (key) => `by env ${envNames.get(key)}`, values };
}
