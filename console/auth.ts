/**
 * console_token: when set, every request (REST, admin API, SSE, UI assets) must carry the token
 * as `Authorization: Bearer <token>`, or the session cookie that `POST /login` sets after the
 * login form was sent the right token. Without it the API answers 401 JSON and `GET /` shows
 * the login form.
 *
 * The token itself never leaves the server: the cookie holds an HMAC of it under a key made at
 * start-up (so a restart ends sessions), and no response or log line contains the token.
 * Comparisons hash both sides and compare the digests in constant time.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Context, Hono, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { formBody } from "./http/input.ts";
import { loginPage } from "./login_page.ts";

const SESSION_COOKIE = "blink_token";
const LOGIN_PATH = "/login";
const BEARER = /^Bearer\s+(.+)$/i;

function digest(text: string): Uint8Array {
  return createHash("sha256").update(text, "utf8").digest();
}

function sameText(candidate: string, expectedDigest: Uint8Array): boolean {
  return timingSafeEqual(digest(candidate), expectedDigest);
}

export class ConsoleAuth {
  /** SHA-256 of the token and of the session cookie value; null when no token is set. */
  private readonly tokenDigest: Uint8Array | null;
  private readonly sessionDigest: Uint8Array | null;
  private readonly sessionValue: string;

  constructor(token: string) {
    const sessionKey = randomBytes(32);
    this.sessionValue = token === ""
      ? ""
      : createHmac("sha256", sessionKey).update(token, "utf8").digest("hex");
    this.tokenDigest = token === "" ? null : digest(token);
    this.sessionDigest = token === "" ? null : digest(this.sessionValue);
  }

  get enabled(): boolean {
    return this.tokenDigest !== null;
  }

  /** Whether the request may proceed: no token set, or it carries the token or the session. */
  admits(c: Context): boolean {
    if (this.tokenDigest === null || this.sessionDigest === null) return true;
    const bearer = BEARER.exec(c.req.header("authorization") ?? "")?.[1]?.trim();
    if (bearer !== undefined && sameText(bearer, this.tokenDigest)) return true;
    const session = getCookie(c, SESSION_COOKIE);
    return session !== undefined && sameText(session, this.sessionDigest);
  }

  tokenMatches(candidate: string): boolean {
    return this.tokenDigest !== null && sameText(candidate, this.tokenDigest);
  }

  /** The cookie value a successful login gets (never the token). */
  get session(): string {
    return this.sessionValue;
  }
}

/** Refuses every request that `auth` does not admit, except the login form itself. */
export function requireAuth(auth: ConsoleAuth): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.path === LOGIN_PATH || auth.admits(c)) return await next();
    if (c.req.path === "/" && (c.req.method === "GET" || c.req.method === "HEAD")) {
      return c.html(loginPage(null), 401);
    }
    return c.json(
      {
        error: "console_token is set: send Authorization: Bearer <token>, " +
          `or log in at ${LOGIN_PATH}`,
      },
      401,
      { "WWW-Authenticate": 'Bearer realm="blink"' },
    );
  };
}

/** GET /login (the form) and POST /login (form field `token`; sets the session cookie). */
export function registerLogin(app: Hono, auth: ConsoleAuth): void {
  app.get(LOGIN_PATH, (c) => {
    if (auth.admits(c)) return c.redirect("/", 303);
    return c.html(loginPage(null));
  });
  app.post(LOGIN_PATH, async (c) => {
    if (!auth.enabled) return c.redirect("/", 303);
    const token = (await formBody(c)).token;
    if (typeof token !== "string" || !auth.tokenMatches(token)) {
      return c.html(loginPage("That token is not right."), 401);
    }
    setCookie(c, SESSION_COOKIE, auth.session, {
      path: "/",
      httpOnly: true,
      sameSite: "Strict",
    });
    return c.redirect("/", 303);
  });
}
