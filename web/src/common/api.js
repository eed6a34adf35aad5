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

/** A POST whose answer is a file (CSV): the blob and the name the server gave it. */
export async function postForFile(path, body, accept) {
  const response = await fetch(API + path, {
    method: "POST",
    headers: headers({ Accept: accept, "Content-Type": "application/json" }),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename="([^"]+)"/.exec(disposition);
  return { blob: await response.blob(), filename: match ? match[1] : "answer" };
}
