// The HTTP API as the page uses it: same origin, the cookie serve set on the first visit (or the Function
// App's key in ?code=, carried on every call), and RFC 9457 problem details turned into messages.

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

const key = new URLSearchParams(location.search).get('code');

/** Adds the Function App's key, when the page was opened with one, to an API path. */
export function url(path: string): string {
  if (!key) return path;
  return path + (path.includes('?') ? '&' : '?') + 'code=' + encodeURIComponent(key);
}

async function fail(response: Response): Promise<never> {
  let message = `${response.status} ${response.statusText}`;
  try {
    const problem = await response.json() as { title?: string; detail?: string };
    message = `${problem.title ?? response.status}: ${problem.detail ?? ''}`.trim();
  } catch { /* not problem+json */ }
  throw new ApiError(response.status, message);
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url(path), { credentials: 'same-origin', signal: signal ?? null });
  if (!response.ok) return fail(response);
  return await response.json() as T;
}

export async function post(path: string): Promise<{ id?: string }> {
  const response = await fetch(url(path), { method: 'POST', credentials: 'same-origin' });
  if (!response.ok) return fail(response);
  return await response.json().catch(() => ({})) as { id?: string };
}

export async function getText(path: string, signal?: AbortSignal): Promise<{ text: string; headers: Headers }> {
  const response = await fetch(url(path), { credentials: 'same-origin', signal: signal ?? null });
  if (!response.ok) return fail(response);
  return { text: await response.text(), headers: response.headers };
}

export const runPath = (id: string) => `/api/runs/${encodeURIComponent(id)}`;
