/**
 * The console's fetch client for the admin API: one typed function per endpoint. Every failure
 * becomes an ApiError carrying the HTTP status and the server's `{"error": ...}` message. A 401
 * (console_token set and the session gone, e.g. after a broker restart) goes back to `/`, which
 * then shows the login form.
 */
import type {
  GroupDetail,
  GroupSummary,
  MemoryReport,
  MessagePage,
  MessageQuery,
  NewTopic,
  OffsetReset,
  OffsetResetResult,
  Overview,
  Produced,
  ProduceRequest,
  SettingEntry,
  TopicDetail,
  TopicSummary,
} from "./types.ts";

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { accept: "application/json" } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { ...init.headers, "content-type": "application/json" };
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, `cannot reach the broker (${err instanceof Error ? err.message : err})`);
  }
  if (res.status === 401) {
    location.assign("/");
    throw new ApiError(401, "not logged in: opening the login form");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const parsed = text ? parseJson(text) : undefined;
  if (!res.ok) {
    const message = typeof parsed === "object" && parsed !== null && "error" in parsed
      ? String(parsed.error)
      : `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message);
  }
  return parsed as T;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: text.slice(0, 200) };
  }
}

const enc = encodeURIComponent;

export const api = {
  overview: () => request<Overview>("GET", "/api/overview"),
  topics: () => request<TopicSummary[]>("GET", "/api/topics"),
  createTopic: (topic: NewTopic) => request<TopicSummary>("POST", "/api/topics", topic),
  topic: (name: string) => request<TopicDetail>("GET", `/api/topics/${enc(name)}`),
  deleteTopic: (name: string) => request<void>("DELETE", `/api/topics/${enc(name)}`),
  messages: (name: string, query: MessageQuery) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) params.set(k, String(v));
    return request<MessagePage>("GET", `/api/topics/${enc(name)}/messages?${params}`);
  },
  produce: (name: string, message: ProduceRequest) =>
    request<Produced>("POST", `/api/topics/${enc(name)}/messages`, message),
  groups: () => request<GroupSummary[]>("GET", "/api/groups"),
  group: (id: string) => request<GroupDetail>("GET", `/api/groups/${enc(id)}`),
  deleteGroup: (id: string) => request<void>("DELETE", `/api/groups/${enc(id)}`),
  resetOffsets: (id: string, reset: OffsetReset) =>
    request<OffsetResetResult>("POST", `/api/groups/${enc(id)}/offsets`, reset),
  memory: () => request<MemoryReport>("GET", "/api/memory"),
  settings: () => request<SettingEntry[]>("GET", "/api/settings"),
};
