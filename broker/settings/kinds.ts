/**
 * Value kinds for the settings table. Each kind checks a value read from YAML and knows how an
 * environment variable spells the same value (lists comma-separated, booleans true/false/1/0/
 * yes/no), turning the env text into what a YAML file would hold before the same check runs.
 *
 * A rejected value throws a plain Error whose message starts with the shown value, e.g.
 * `"12XB" is not a size (...)`, so the loader can prefix the key.
 */
import { DURATION_HINT, FOREVER_MS, parseDuration, parseSize, SIZE_HINT } from "./units.ts";

export interface Kind<T> {
  /** Returns the checked value or throws an Error whose message starts with showValue(value). */
  fromYaml(value: unknown): T;
  /** Turns an environment variable's text into the value a YAML file would hold. */
  fromEnv(text: string): unknown;
}

const MAX_SHOWN_CHARS = 80;
const INTEGER_TEXT = /^[+-]?\d+$/;
const ENV_BOOLEANS = new Map<string, boolean>([
  ["true", true],
  ["1", true],
  ["yes", true],
  ["false", false],
  ["0", false],
  ["no", false],
]);

/** A value as it appears in error messages: JSON on one line, cut at 80 characters. */
export function showValue(value: unknown): string {
  const shown = JSON.stringify(value) ?? String(value);
  return shown.length > MAX_SHOWN_CHARS ? `${shown.slice(0, MAX_SHOWN_CHARS)}...` : shown;
}

function rejected(value: unknown, reason: string): Error {
  return new Error(`${showValue(value)} ${reason}`);
}

const asText = (text: string): unknown => text;

function asInteger(text: string): unknown {
  return INTEGER_TEXT.test(text.trim()) ? Number(text.trim()) : text;
}

/** Text; `allowEmpty` false also rejects blank text. */
export function text(allowEmpty: boolean): Kind<string> {
  return {
    fromYaml(value) {
      if (typeof value !== "string") {
        throw rejected(
          value,
          "is not text (quote it in YAML if it looks like a number or boolean)",
        );
      }
      if (!allowEmpty && value.trim() === "") throw rejected(value, "is empty (give a value)");
      return value;
    },
    fromEnv: asText,
  };
}

/** A whole number in min..max. */
export function integer(min: number, max: number): Kind<number> {
  return {
    fromYaml(value) {
      if (typeof value !== "number" || !Number.isInteger(value)) {
        throw rejected(value, `is not a whole number (use ${min}-${max})`);
      }
      if (value < min || value > max) throw rejected(value, `is out of range (use ${min}-${max})`);
      return value;
    },
    fromEnv: asInteger,
  };
}

export const boolean: Kind<boolean> = {
  fromYaml(value) {
    if (typeof value !== "boolean") {
      throw rejected(value, "is not a boolean (use true or false; env vars also take 1/0/yes/no)");
    }
    return value;
  },
  fromEnv: (text) => ENV_BOOLEANS.get(text.trim().toLowerCase()) ?? text,
};

/** One of a fixed set of words. */
export function oneOf<const T extends string>(allowed: readonly T[]): Kind<T> {
  return {
    fromYaml(value) {
      if (!allowed.includes(value as T)) {
        throw rejected(value, `is not one of ${allowed.join("|")}`);
      }
      return value as T;
    },
    fromEnv: asText,
  };
}

/** A YAML list (env: comma-separated) of items of one kind. */
export function listOf<T>(item: Kind<T>, rules: { nonEmpty: boolean; unique: boolean }): Kind<T[]> {
  return {
    fromYaml(value) {
      if (!Array.isArray(value)) {
        throw rejected(value, "is not a list (use [a, b] in YAML, a,b in env)");
      }
      if (rules.nonEmpty && value.length === 0) {
        throw rejected(value, "is empty (give at least one)");
      }
      const items = value.map((entry) => {
        try {
          return item.fromYaml(entry);
        } catch (error) {
          throw new Error(`${showValue(value)}: item ${(error as Error).message}`);
        }
      });
      const duplicate = items.find((entry, index) => items.indexOf(entry) !== index);
      if (rules.unique && duplicate !== undefined) {
        throw rejected(value, `lists ${showValue(duplicate)} twice (give each once)`);
      }
      return items;
    },
    fromEnv: (text) =>
      text.trim() === "" ? [] : text.split(",").map((entry) => item.fromEnv(entry.trim())),
  };
}

/** A size in bytes (see units.ts), at least `min` and at most `max` (sizes as text). */
export function size(min: string, max?: string): Kind<number> {
  return measured(parseSize, SIZE_HINT, false, min, max);
}

/** A duration in ms (see units.ts) in min..max; `forever` also admits FOREVER_MS. */
export function duration(forever: boolean, min: string, max?: string): Kind<number> {
  return measured(parseDuration, DURATION_HINT, forever, min, max);
}

function measured(
  parse: (text: string | number) => number,
  hint: string,
  forever: boolean,
  min: string,
  max: string | undefined,
): Kind<number> {
  const minAmount = parse(min);
  const maxAmount = max === undefined ? Number.MAX_SAFE_INTEGER : parse(max);
  const range = (max === undefined ? `at least ${min}` : `${min} to ${max}`) +
    (forever ? ", or forever" : "");
  return {
    fromYaml(value) {
      if (typeof value !== "string" && typeof value !== "number") throw rejected(value, hint);
      const amount = parse(value);
      if (forever && amount === FOREVER_MS) return amount;
      if (amount < minAmount || amount > maxAmount) {
        throw rejected(value, `is out of range (use ${range})`);
      }
      return amount;
    },
    fromEnv: asText,
  };
}
