/**
 * Reads one settings YAML text into key -> value, rejecting invalid YAML, a document that is not
 * a mapping, and unknown keys. Values are checked later, against the settings table.
 */
import { parseDocument } from "yaml";
import { firstLine, SettingsError } from "./error.ts";
import { SETTING_KEYS } from "./schema.ts";

/** `origin` names the text in messages: a file path or "embedded settings.yaml". */
export function readSettingsYaml(yamlText: string, origin: string): Map<string, unknown> {
  const document = parseDocument(yamlText);
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem !== undefined) {
    throw new SettingsError(`settings: ${origin} is not valid YAML: ${firstLine(problem)}`);
  }
  let content: unknown;
  try {
    content = document.toJS();
  } catch (error) {
    throw new SettingsError(`settings: ${origin} is not valid YAML: ${firstLine(error)}`);
  }
  if (content === null || content === undefined) return new Map(); // empty or comments only
  if (typeof content !== "object" || Array.isArray(content)) {
    throw new SettingsError(
      `settings: ${origin} must be a YAML mapping of key: value, not ${
        Array.isArray(content) ? "a list" : typeof content
      }`,
    );
  }
  const values = new Map(Object.entries(content));
  for (const key of values.keys()) {
    if (!SETTING_KEYS.has(key)) {
      throw new SettingsError(
        `settings: unknown key ${JSON.stringify(key)} in ${origin} (known keys: ${
          [...SETTING_KEYS].join(", ")
        })`,
      );
    }
  }
  return values;
}
