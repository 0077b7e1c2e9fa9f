/**
 * Parameter parsing shared by the REST and admin endpoints. A value comes from a query string, a
 * form field or a JSON body, so each parser takes `unknown`; every refusal is a 400 naming the
 * parameter.
 */
import { badParam } from "./errors.ts";

export interface IntRange {
  min: number;
  max?: number;
}

function absent(raw: unknown): boolean {
  return raw === undefined || raw === null || raw === "";
}

/** A whole number (JSON number or decimal text) within `range`; `fallback` when absent. */
export function intParam(name: string, raw: unknown, range: IntRange, fallback?: number): number {
  if (absent(raw)) {
    if (fallback === undefined) throw badParam(name, "is required");
    return fallback;
  }
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const value = typeof raw === "number"
    ? raw
    : typeof raw === "string" && /^\s*-?\d+\s*$/.test(raw)
    ? Number(raw)
    : NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > max) {
    throw badParam(name, `must be a whole number from ${range.min} to ${max}, got ${show(raw)}`);
  }
  return value;
}

/** Like intParam, but undefined when absent. */
export function optionalIntParam(name: string, raw: unknown, range: IntRange): number | undefined {
  return absent(raw) ? undefined : intParam(name, raw, range);
}

/** Required text ("" is a value; undefined and null are absent). */
export function textParam(name: string, raw: unknown): string {
  if (raw === undefined || raw === null) throw badParam(name, "is required");
  if (typeof raw !== "string") throw badParam(name, `must be text, got ${show(raw)}`);
  return raw;
}

/** One of `choices`; `fallback` when absent. */
export function choiceParam<T extends string>(
  name: string,
  raw: unknown,
  choices: readonly T[],
  fallback: T,
): T {
  if (absent(raw)) return fallback;
  if (typeof raw === "string" && (choices as readonly string[]).includes(raw)) return raw as T;
  throw badParam(name, `must be one of ${choices.join(", ")}, got ${show(raw)}`);
}

/** A short rendering of a bad value for an error message. */
export function show(raw: unknown): string {
  const text = typeof raw === "string" ? JSON.stringify(raw) : String(JSON.stringify(raw) ?? raw);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
