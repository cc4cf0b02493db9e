// The HTTP API as the page uses it: same origin, the cookie serve set on the first visit, or the Function App's
// key, and RFC 9457 problem details turned into messages. The key comes once in ?code=: it is kept in the tab's
// session storage, leaves the address bar (so it is not bookmarked, shared or kept in history), and goes on every
// call as the x-functions-key header; only a download link, which cannot carry a header, has it as ?code=.

export interface RunSummary {
  id: string;
  graph?: string;
  state: string;
  createdAt: string;
  updatedAt?: string;
  counts?: Record<string, number>;
}

export interface Layout {
  graph: string;
  key: string;
  columns: number;
  rows: number;
  steps: string[];
  layer: number[];
  column: number[];
  row: number[];
  edges: number[];
  states: string[];
  colours: string[];
}

export interface ProductRef { name: string; digest: string; size: number; kind: string; }
export interface StepRecord {
  step: string; state: string; remote?: string; attempts: number; startedAt?: string; endedAt?: string;
  exitCode?: number; error?: string; behavior?: string; note?: string; failure?: string; job?: string;
}
export interface StepView {
  step: string; remote: string; runs: boolean; record: StepRecord | null;
  consumes: { name: string; ref: ProductRef | null }[];
  produces: { name: string; ref: ProductRef | null }[];
}

export class ApiError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

const KEY = 'bazaar.key';

/** Takes a key given in the address into session storage and drops it, and serve's first-visit token, from the address. */
export function takeKeyFromAddress(): void {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (code) sessionStorage.setItem(KEY, code);
  if (!params.has('code') && !params.has('token')) return;
  params.delete('code');
  params.delete('token');
  history.replaceState(history.state, '', location.pathname + (params.toString() ? `?${params}` : '') + location.hash);
}

/** The Function App's key as a header, when the page was given one. */
export function keyHeaders(): Record<string, string> {
  const key = sessionStorage.getItem(KEY);
  return key ? { 'x-functions-key': key } : {};
}

/** An API path for a link the browser follows itself (a download), with the key as ?code= when there is one. */
export function linkUrl(path: string): string {
  const key = sessionStorage.getItem(KEY);
  if (!key) return path;
  return path + (path.includes('?') ? '&' : '?') + 'code=' + encodeURIComponent(key);
}

async function fail(response: Response): Promise<never> {
  let message = `${response.status} ${response.statusText}`;
  try {
    const problem = await response.json() as { title?: string; detail?: string };
    message = `${problem.title ?? response.status}: ${problem.detail ?? ''}`.trim();
  } catch { /* not problem+json */ }
  if (response.status === 401) {
    message += ': this server wants a credential. Open the page with ?token=TOKEN (bazaar serve) or ?code=KEY (the Function App\'s key).';
  }
  throw new ApiError(response.status, message);
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', headers: keyHeaders(), signal: signal ?? null });
  if (!response.ok) return fail(response);
  return await response.json() as T;
}

export async function post(path: string): Promise<{ id?: string }> {
  const response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: keyHeaders() });
  if (!response.ok) return fail(response);
  return await response.json().catch(() => ({})) as { id?: string };
}

export async function getText(path: string, signal?: AbortSignal): Promise<{ text: string; headers: Headers }> {
  const response = await fetch(path, { credentials: 'same-origin', headers: keyHeaders(), signal: signal ?? null });
  if (!response.ok) return fail(response);
  return { text: await response.text(), headers: response.headers };
}

export const runPath = (id: string) => `/api/runs/${encodeURIComponent(id)}`;
