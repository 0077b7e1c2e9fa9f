/**
 * GET /api/settings: every setting's effective value and where it came from (default, file or
 * env). console_token is never shown: "***" when set, "" when not.
 */
import type { Hono } from "hono";
import type { SettingSource } from "../../broker/settings/load.ts";
import { SETTING_SPECS } from "../../broker/settings/schema.ts";
import type { Settings } from "../../broker/settings/schema.ts";
import type { ConsoleContext } from "../context.ts";

export interface SettingEntry {
  key: string;
  value: unknown;
  source: SettingSource;
}

const TOKEN_KEY = "console_token";

/** The effective settings by YAML key, the token hidden. */
export function settingEntries(
  settings: Settings,
  sources: Readonly<Record<string, SettingSource>>,
): SettingEntry[] {
  return SETTING_SPECS.map((spec) => {
    const value = settings[spec.field];
    return {
      key: spec.key,
      value: spec.key === TOKEN_KEY ? (value === "" ? "" : "***") : value,
      source: sources[spec.key] ?? "default",
    };
  });
}

export function registerSettings(app: Hono, ctx: ConsoleContext): void {
  app.get("/api/settings", (c) => c.json(settingEntries(ctx.broker.settings, ctx.sources)));
}
