// A run's live changes: Server-Sent Events, resumed by the browser with Last-Event-ID; where a stream keeps
// failing before it delivers anything (a proxy that buffers or cuts it), long polls instead.
import { url } from '../api';

export interface RunHeader { state: string; createdAt: number; updatedAt: number; error?: string; }
export interface Snapshot { id: string; layout: string; run: RunHeader; states: number[]; steps: [number, number, number, number | null, number | null][]; }
export interface Changes { id: string; run: RunHeader; steps: [number, number, number, number | null, number | null][]; }

export interface Handlers { snapshot(s: Snapshot): void; changes(c: Changes): void; end(): void; }

export function watch(path: string, handlers: Handlers): () => void {
  let stopped = false;
  let last: string | null = null;
  let source: EventSource | null = null;
  let failures = 0;
  const controller = new AbortController();

  const handle = (type: string, data: unknown, id: string) => {
    last = id;
    if (type === 'snapshot') handlers.snapshot(data as Snapshot);
    else if (type === 'changes') handlers.changes(data as Changes);
    else if (type === 'end') { handlers.end(); stop(); }
  };

  function stream() {
    source = new EventSource(url(path), { withCredentials: true });
    for (const type of ['snapshot', 'changes', 'end']) {
      source.addEventListener(type, e => { failures = 0; const m = e as MessageEvent<string>; handle(type, JSON.parse(m.data), m.lastEventId); });
    }
    source.onerror = () => {
      if (stopped || ++failures < 3) return;
      source?.close();
      void poll();
    };
  }

  async function poll() {
    document.body.dataset['live'] = 'poll';
    while (!stopped) {
      try {
        const query = `poll=1&wait=25${last ? `&after=${encodeURIComponent(last)}` : ''}`;
        const response = await fetch(url(`${path}?${query}`), { credentials: 'same-origin', signal: controller.signal });
        if (!response.ok) throw new Error(String(response.status));
        const answer = await response.json() as { last: string; events: { event: string; id: string; data: unknown }[] };
        for (const e of answer.events) handle(e.event, e.data, e.id);
        last = answer.last;
      } catch {
        if (stopped) return;
        await new Promise(r => setTimeout(r, 2000));
      }
    }
  }

  function stop() { stopped = true; source?.close(); controller.abort(); }

  if (new URLSearchParams(location.search).get('live') === 'poll' || typeof EventSource === 'undefined') void poll();
  else { document.body.dataset['live'] = 'sse'; stream(); }
  return stop;
}
