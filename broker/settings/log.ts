/**
 * A tiny leveled logger: one line per message on stderr, as
 * `2026-11-22T21:00:00.000Z INFO msg key=value ...`.
 */

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = typeof LOG_LEVELS[number];
export type LogFields = Record<string, unknown>;
export type LogMethod = (msg: string, fields?: LogFields) => void;
export type Logger = Record<LogLevel, LogMethod>;

const BARE_TEXT = /^[^\s"=]+$/;

/** Messages below `level` are dropped; writeLine and now are injectable for tests. */
export function createLogger(
  level: LogLevel,
  writeLine: (line: string) => void = (line) => console.error(line),
  now: () => Date = () => new Date(),
): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  if (threshold < 0) throw new Error(`unknown log level ${JSON.stringify(level)}`);
  const method = (methodLevel: LogLevel): LogMethod => {
    if (LOG_LEVELS.indexOf(methodLevel) < threshold) return () => {};
    const label = methodLevel.toUpperCase();
    return (msg, fields = {}) => {
      const pairs = Object.entries(fields).map(([key, value]) => ` ${key}=${formatValue(value)}`);
      writeLine(`${now().toISOString()} ${label} ${oneLine(msg)}${pairs.join("")}`);
    };
  };
  return {
    debug: method("debug"),
    info: method("info"),
    warn: method("warn"),
    error: method("error"),
  };
}

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === "string") return BARE_TEXT.test(value) ? value : JSON.stringify(value);
  if (typeof value === "bigint" || typeof value === "symbol") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value); // circular objects
  }
}

function oneLine(text: string): string {
  return text.replace(/\r?\n/g, "\\n");
}
