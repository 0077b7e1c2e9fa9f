/**
 * Request bodies, read with a size bound (MAX_BODY_BYTES, else 413): a JSON object for the admin
 * API; for Blink's REST endpoints, fields from the query string overridden by a JSON or form
 * body (urlencoded or multipart).
 */
import type { Context } from "hono";
import { badParam, HttpError } from "./errors.ts";

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export type Fields = Record<string, unknown>;

const utf8 = new TextDecoder();

function tooLarge(): HttpError {
  return new HttpError(413, `body: larger than ${MAX_BODY_BYTES} bytes`);
}

/** The whole body, refused with 413 as soon as it passes MAX_BODY_BYTES. */
async function bodyBytes(c: Context): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(c.req.header("content-length") ?? 0) > MAX_BODY_BYTES) throw tooLarge();
  const body = c.req.raw.body;
  if (body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let sizeBytes = 0;
  for await (const chunk of body) {
    sizeBytes += chunk.length;
    if (sizeBytes > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  const out = new Uint8Array(sizeBytes);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function mediaType(c: Context): string {
  return (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

function isForm(type: string): boolean {
  return type === "application/x-www-form-urlencoded" || type === "multipart/form-data";
}

function parseJsonObject(text: string): Fields {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw badParam("body", `is not valid JSON (${err instanceof Error ? err.message : err})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw badParam("body", "must be a JSON object");
  }
  return parsed as Fields;
}

/** A form body's text fields; a file field is refused. */
async function formFields(c: Context, bytes: Uint8Array<ArrayBuffer>): Promise<Fields> {
  let form: FormData;
  try {
    const contentType = c.req.header("content-type")!;
    form = await new Response(bytes, { headers: { "content-type": contentType } }).formData();
  } catch (err) {
    throw badParam("body", `is not a valid form (${err instanceof Error ? err.message : err})`);
  }
  const fields: Fields = {};
  for (const [name, value] of form) {
    if (typeof value !== "string") throw badParam(name, "must be a text field, not a file");
    fields[name] = value;
  }
  return fields;
}

/** The body as a JSON object (any content type); an empty body is refused. */
export async function jsonObjectBody(c: Context): Promise<Fields> {
  const text = utf8.decode(await bodyBytes(c));
  if (text.trim() === "") throw badParam("body", "is empty; send a JSON object");
  return parseJsonObject(text);
}

/** A form body's fields; {} when the body is not a form. */
export async function formBody(c: Context): Promise<Fields> {
  const bytes = await bodyBytes(c);
  return isForm(mediaType(c)) ? await formFields(c, bytes) : {};
}

/** Query-string fields, overridden by a JSON body or a form body. */
export async function requestFields(c: Context): Promise<Fields> {
  const query: Fields = { ...c.req.query() };
  const type = mediaType(c);
  const bytes = await bodyBytes(c);
  if (isForm(type)) return { ...query, ...await formFields(c, bytes) };
  const text = utf8.decode(bytes);
  if (text.trim() === "") return query;
  if (type !== "application/json" && type !== "") {
    throw badParam("body", `content type ${type} is not accepted; send application/json or a form`);
  }
  return { ...query, ...parseJsonObject(text) };
}
