// A run's live changes: Server-Sent Events read over fetch (so the Function App's key goes as a header, which
// EventSource cannot send), resumed with Last-Event-ID after a cut; where a stream keeps ending before it delivers
// anything, or is refused (a proxy that buffers, cuts or answers 502), long polls instead.
import { keyHeaders } from '../api';

export interface RunHeader { state: string; createdAt: number; updatedAt: number; error?: string; }
export interface Snapshot { id: string; layout: string; run: RunHeader; states: number[]; steps: [number, number, number, number | null, number | null][]; }
export interface Changes { id: string; run: RunHeader; steps: [number, number, number, number | null, number | null][]; }

export interface Handlers { snapshot(s: Snapshot): void; changes(c: Changes): void; end(): void; }

const RETRY_MS = 2000;

export function watch(path: string, handlers: Handlers): () => void {
  let stopped = false;
  let last: string | null = null;
  let failures = 0;
  const controller = new AbortController();
  const pause = () => new Promise(r => setTimeout(r, RETRY_MS));

  const handle = (type: string, data: unknown, id: string) => {
    last = id;
    if (type === 'snapshot') handlers.snapshot(data as Snapshot);
    else if (type === 'changes') handlers.changes(data as Changes);
    else if (type === 'end') { handlers.end(); stop(); }
  };

  // One block of the stream: "event:", "id:" and "data:" lines; a comment (": heartbeat") says the stream is alive,
  // so an idle run's stream that ends at its time limit is not taken for one cut short; "retry:" is not used.
  const block = (text: string) => {
    let type = 'message', id = '';
    const data: string[] = [];
    for (const line of text.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon === 0) { failures = 0; continue; }
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'id') id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    failures = 0;
    handle(type, JSON.parse(data.join('\n')), id);
  };

  async function stream() {
    document.body.dataset['live'] = 'sse';
    while (!stopped) {
      try {
        const headers: Record<string, string> = { ...keyHeaders(), accept: 'text/event-stream' };
        if (last) headers['Last-Event-ID'] = last;
        const response = await fetch(path, { credentials: 'same-origin', headers, signal: controller.signal, cache: 'no-store' });
        // A refusal (a 502 from a proxy, a 401) is not a stream that was cut: resuming would be refused again.
        if (!response.ok || !response.body) break;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffered = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffered += value;
          let end: RegExpExecArray | null;
          while (!stopped && (end = /\r?\n\r?\n/.exec(buffered))) {
            block(buffered.slice(0, end.index));
            buffered = buffered.slice(end.index + end[0].length);
          }
        }
      } catch {
        if (stopped) return;
      }
      // Three streams in a row that ended before delivering anything: something between cuts them.
      if (stopped || ++failures >= 3) break;
      await pause();
    }
    if (!stopped) void poll();
  }

  async function poll() {
    document.body.dataset['live'] = 'poll';
    while (!stopped) {
      try {
        const query = `poll=1&wait=25${last ? `&after=${encodeURIComponent(last)}` : ''}`;
        const response = await fetch(`${path}?${query}`, { credentials: 'same-origin', headers: keyHeaders(), signal: controller.signal });
        if (!response.ok) throw new Error(String(response.status));
        const answer = await response.json() as { last: string; events: { event: string; id: string; data: unknown }[] };
        for (const e of answer.events) handle(e.event, e.data, e.id);
        last = answer.last;
      } catch {
        if (stopped) return;
        await pause();
      }
    }
  }

  function stop() { stopped = true; controller.abort(); }

  if (new URLSearchParams(location.search).get('live') === 'poll') void poll();
  else void stream();
  return stop;
}
