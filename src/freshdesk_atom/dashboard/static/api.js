// The adapter's routes, and nothing else: every request goes to this origin, under the
// prefix the server wrote into <meta name="freshdesk-atom-api">.

const meta = document.querySelector('meta[name="freshdesk-atom-api"]');
export const API_PREFIX = (meta && meta.getAttribute("content")) || "/api/v1/freshdesk";
// "on" when the adapter has a mirror: GET /events then streams its changes (Server-Sent Events).
const liveMeta = document.querySelector('meta[name="freshdesk-atom-live"]');
export const LIVE = Boolean(liveMeta && liveMeta.getAttribute("content") === "on");

/** An answer that was not a success, in words: {status, code, message, details}. */
export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = Array.isArray(details) ? details : [];
  }

  /** The message of the field named *field*, if the adapter named it. */
  fieldMessage(field) {
    const found = this.details.find((detail) => detail && detail.field === field);
    return found ? String(found.message || this.message) : null;
  }
}

const UNREACHABLE =
  "The server could not be reached. Check that freshdesk-atom serve is still running and that this computer is online, then retry.";

function url(path, query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") params.append(key, String(value));
  }
  const text = params.toString();
  return `${API_PREFIX}${path}${text ? `?${text}` : ""}`;
}

/**
 * Send a request to the adapter; return its whole envelope ({success, data, count, ...}).
 * Throws ApiError with the envelope's message, or a message in words when there is none.
 */
export async function request(method, path, { query, json, form, signal } = {}) {
  const init = { method, headers: { Accept: "application/json" }, signal, credentials: "same-origin" };
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (form !== undefined) {
    init.body = form; // the browser writes the multipart boundary
  }
  let response;
  try {
    response = await fetch(url(path, query), init);
  } catch (error) {
    if (error && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", UNREACHABLE);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    body = null;
  }
  if (body && typeof body === "object" && body.success === true) return body;
  if (body && typeof body === "object" && body.error && typeof body.error.message === "string") {
    const { code, message, details } = body.error;
    throw new ApiError(response.status, code || "error", message, details);
  }
  throw new ApiError(
    response.status,
    "bad_answer",
    response.ok
      ? "The server answered with something that is not the adapter's JSON."
      : `The server answered HTTP ${response.status} without an explanation.`,
  );
}

export const get = (path, query, options) => request("GET", path, { ...options, query });
export const post = (path, json, options) => request("POST", path, { ...options, json });
export const put = (path, json, options) => request("PUT", path, { ...options, json });
export const postForm = (path, form, options) => request("POST", path, { ...options, form });

// A few reads serve several tabs (agents and groups name each other, the ticket list counts
// with /stats): they are shared while the account stays the same.
const shared = new Map();

export function cached(path, query) {
  const key = url(path, query);
  if (!shared.has(key)) {
    const promise = get(path, query);
    promise.catch(() => shared.delete(key));
    shared.set(key, promise);
  }
  return shared.get(key);
}

export function forget(path) {
  for (const key of [...shared.keys()]) {
    if (path === undefined || key.startsWith(`${API_PREFIX}${path}`)) shared.delete(key);
  }
}

/** Every agent (the adapter answers up to 1,000 a request; agents and groups are few). */
export async function everything(path) {
  const records = [];
  for (let offset = 0; offset < 100000; offset += 1000) {
    const page = await cached(path, { limit: 1000, offset });
    records.push(...page.data);
    if (page.data.length < 1000) break;
  }
  return records;
}
