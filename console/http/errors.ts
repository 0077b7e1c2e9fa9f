/**
 * Errors a console handler throws to answer with a status and `{"error": message}`. The app's
 * error handler turns them into responses; anything else thrown becomes a 500 with its message.
 */
import type { ContentfulStatusCode } from "hono/utils/http-status";

export class HttpError extends Error {
  override name = "HttpError";
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** 400 for one parameter; the message starts with the parameter's name. */
export function badParam(name: string, problem: string): HttpError {
  return new HttpError(400, `${name}: ${problem}`);
}

export function notFound(message: string): HttpError {
  return new HttpError(404, message);
}

export function conflict(message: string): HttpError {
  return new HttpError(409, message);
}

/** 503 asking the client to come back after `retryAfterS` seconds (memory full). */
export function unavailable(message: string, retryAfterS: number): HttpError {
  return new HttpError(503, message, { "Retry-After": String(retryAfterS) });
}
