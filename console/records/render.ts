/**
 * How record keys, values and header values are shown in JSON: as text, parsed JSON, base64 or
 * hex. The REST fetch renders in the format asked; the message browser falls back when the
 * bytes do not fit it (not UTF-8 -> hex, not JSON -> text) and says which format it used.
 */
import { Buffer } from "node:buffer";

export const REST_FORMATS = ["text", "json", "base64"] as const;
export type RestFormat = typeof REST_FORMATS[number];
export const BROWSER_FORMATS = ["text", "json", "hex"] as const;
export type BrowserFormat = typeof BROWSER_FORMATS[number];

const lossyUtf8 = new TextDecoder("utf-8");
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function strictText(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

function parsedJson(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("hex");
}

/** REST fetch: text is UTF-8 (invalid bytes become U+FFFD), json falls back to that text. */
export function renderForRest(bytes: Uint8Array | null, format: RestFormat): unknown {
  if (bytes === null) return null;
  switch (format) {
    case "base64":
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64");
    case "json": {
      const text = lossyUtf8.decode(bytes);
      return parsedJson(text)?.value ?? text;
    }
    case "text":
      return lossyUtf8.decode(bytes);
  }
}

export interface Rendered {
  value: unknown;
  format: BrowserFormat;
}

/** Message browser: the asked format when the bytes fit it, else the nearest that does. */
export function renderForBrowser(bytes: Uint8Array | null, format: BrowserFormat): Rendered {
  if (bytes === null) return { value: null, format };
  if (format === "hex") return { value: hex(bytes), format };
  const text = strictText(bytes);
  if (text === null) return { value: hex(bytes), format: "hex" };
  if (format === "json") {
    const json = parsedJson(text);
    if (json) return { value: json.value, format: "json" };
  }
  return { value: text, format: "text" };
}
