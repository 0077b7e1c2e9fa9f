/**
 * Size and duration parsing for settings values.
 *
 * Sizes: a whole byte count, or a number and a unit: B, KB, MB, GB, KiB, MiB, GiB, in any letter
 * case. KB/MB/GB are 1024-based like Blink's Go original, so "1GB" and "1GiB" are the same size.
 *
 * Durations: a whole millisecond count, or a number and a unit: ms, s, m, h, d (lower-case, so
 * "m" is never mistaken for a month). "-1" and "forever" mean "keep forever" and give FOREVER_MS.
 *
 * Errors are plain Errors whose message starts with the rejected value, so a caller can prefix
 * the setting's key: `max_memory = "12XB" is not a size (...)`.
 */

export const FOREVER_MS = -1;
export const SIZE_HINT = "is not a size (use e.g. 512MB, 1GiB or a byte count)";
export const DURATION_HINT =
  "is not a duration (use e.g. 500ms, 30s, 5m, 1h, 7d or a millisecond count)";

const KIB_BYTES = 1024;
const SIZE_UNIT_BYTES = new Map<string, number>([
  ["b", 1],
  ["kb", KIB_BYTES],
  ["kib", KIB_BYTES],
  ["mb", KIB_BYTES ** 2],
  ["mib", KIB_BYTES ** 2],
  ["gb", KIB_BYTES ** 3],
  ["gib", KIB_BYTES ** 3],
]);
const DURATION_UNIT_MS = new Map<string, number>([
  ["ms", 1],
  ["s", 1000],
  ["m", 60_000],
  ["h", 3_600_000],
  ["d", 86_400_000],
]);
const AMOUNT_WITH_UNIT = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/;

/** Parses a size into bytes; a number or a unit-less string is a byte count. */
export function parseSize(text: string | number): number {
  return parseAmount(text, SIZE_HINT, (unit) => SIZE_UNIT_BYTES.get((unit || "b").toLowerCase()));
}

/** Parses a duration into milliseconds; FOREVER_MS for "-1", -1 and "forever". */
export function parseDuration(text: string | number): number {
  if (
    text === FOREVER_MS || text === "forever" || (typeof text === "string" && text.trim() === "-1")
  ) {
    return FOREVER_MS;
  }
  return parseAmount(text, DURATION_HINT, (unit) => DURATION_UNIT_MS.get(unit || "ms"));
}

function parseAmount(
  text: string | number,
  hint: string,
  unitScale: (unit: string) => number | undefined,
): number {
  if (typeof text === "number") {
    if (!Number.isSafeInteger(text) || text < 0) throw new Error(`${text} ${hint}`);
    return text;
  }
  const match = AMOUNT_WITH_UNIT.exec(text.trim());
  const scale = match === null ? undefined : unitScale(match[2]);
  const fractionWithoutUnit = match !== null && match[2] === "" && match[1].includes(".");
  if (match === null || scale === undefined || fractionWithoutUnit) {
    throw new Error(`${JSON.stringify(text)} ${hint}`);
  }
  const amount = Math.floor(Number(match[1]) * scale);
  if (!Number.isSafeInteger(amount)) {
    throw new Error(`${JSON.stringify(text)} is too large (at most ${Number.MAX_SAFE_INTEGER})`);
  }
  return amount;
}
