// The pages' one door to the HTTP API: same origin, the API key (if the user gave one) in the
// X-API-Key header, problem+json errors turned into ApiError. The key stays in sessionStorage:
// this tab only, never in a URL, never sent anywhere but this server.
const KEY_STORAGE = "jxkg.apiKey";
export const API = "/api/v1";

export class ApiError extends Error {
  constructor(status, title, detail, problem) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
  }
}

export function storedKey() {
  return sessionStorage.getItem(KEY_STORAGE) || "";
}

export function storeKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

function headers(extra = {}) {
  const key = storedKey();
  return key ? { ...extra, "X-API-Key": key } : extra;
}

async function failure(response) {
  let problem = null;
  try {
    problem = await response.json();
  } catch {
    // not JSON: the status line is all there is
  }
  const title = (problem && problem.title) || response.statusText || `HTTP ${response.status}`;
  return new ApiError(response.status, title, problem && problem.detail, problem);
}

export async function getJson(path, params = {}) {
  const url = new URL(API + path, location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "") continue;
    for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(name, one);
  }
  const response = await fetch(url, { headers: headers({ Accept: "application/json" }) });
  if (!response.ok) throw await failure(response);
  return response.json();
}

export async function postJson(path, body) {
  const response = await fetch(API + path, {
    method: "POST",
    headers: headers({ Accept: "application/json", "Content-Type": "application/json" }),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** A multipart POST (an upload): `form` is a FormData. */
export async function postForm(path, form) {
  const response = await fetch(API + path, { method: "POST", headers: headers({ Accept: "application/json" }), body: form });
  if (!response.ok) throw await failure(response);
  return response.json();
}

function filenameOf(response, fallback) {
  const disposition = response.headers.get("Content-Disposition") || "";
  const encoded = /filename\*=utf-8''([^;]+)/i.exec(disposition);
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = /filename="([^"]+)"/.exec(disposition);
  return plain ? plain[1] : fallback;
}

/** A GET whose answer is a file (a quarantine file): the blob and the name the server gave it. */
export async function getFile(path, fallback = "download") {
  const response = await fetch(API + path, { headers: headers() });
  if (!response.ok) throw await failure(response);
  return { blob: await response.blob(), filename: filenameOf(response, fallback) };
}

/**
 * Server-sent events read through fetch (EventSource cannot send the API key header): calls
 * `onEvent(name, data)` for each event, data parsed as JSON, until the server ends the stream.
 */
export async function streamEvents(path, onEvent, signal) {
  const response = await fetch(API + path, { headers: headers({ Accept: "text/event-stream" }), signal });
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = "message";
      let data = "";
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data += line.slice(5).trim();
      }
      if (data) onEvent(name, JSON.parse(data));
    }
  }
}

/** A POST whose answer is a file (CSV, XLSX): the blob and the name the server gave it. */
export async function postForFile(path, body, accept) {
  const response = await fetch(API + path, {
    method: "POST",
    headers: headers({ Accept: accept, "Content-Type": "application/json" }),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  return { blob: await response.blob(), filename: filenameOf(response, "answer") };
}
