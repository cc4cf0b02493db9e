// The recent runs: state, graph, start, duration and a bar of step counts per state; filtered by state,
// refreshed every two seconds while the page shows it.
import { getJson, RunSummary } from '../api';
import { clear, duration, el, showAlert } from '../dom';
import { COLOURS, RUN_STATES, STATES } from '../states';

export function showRuns(main: HTMLElement, navigate: (path: string) => void): () => void {
  const params = new URLSearchParams(location.search);
  const filter = el('select', { id: 'state-filter', 'aria-label': 'Filter by state' },
    el('option', { value: '' }, 'All states'),
    ...RUN_STATES.map(s => el('option', { value: s }, s)));
  filter.value = params.get('state') ?? '';
  const body = el('tbody');
  const table = el('table', { class: 'runs', id: 'runs' },
    el('thead', {}, el('tr', {}, ...['Run', 'Graph', 'State', 'Started', 'Duration', 'Steps'].map(h => el('th', { scope: 'col' }, h)))),
    body);
  clear(main);
  main.append(el('h1', {}, 'Runs'), el('label', {}, 'State ', filter), table);

  let stopped = false;
  let timer = 0;
  const controller = new AbortController();
  async function refresh() {
    try {
      const state = filter.value;
      const runs = await getJson<RunSummary[]>(`/api/runs?limit=100${state ? `&state=${state}` : ''}`, controller.signal);
      if (stopped) return;
      render(runs);
    } catch (e) {
      if (!stopped) showAlert((e as Error).message);
    }
    if (!stopped) timer = window.setTimeout(refresh, 2000);
  }

  function render(runs: RunSummary[]) {
    clear(body);
    for (const run of runs) {
      const started = new Date(run.createdAt);
      const ended = run.state === 'Running' || run.state === 'Pending' ? Date.now() : (run.updatedAt ? new Date(run.updatedAt).getTime() : NaN);
      const link = el('a', { href: `/ui/runs/${encodeURIComponent(run.id)}` }, run.id);
      link.addEventListener('click', e => { e.preventDefault(); navigate(link.getAttribute('href')!); });
      body.append(el('tr', { 'data-state': run.state },
        el('td', {}, link),
        el('td', {}, run.graph ?? ''),
        el('td', { class: `run-state ${run.state.toLowerCase()}` }, run.state),
        el('td', {}, el('time', { datetime: run.createdAt }, started.toLocaleString())),
        el('td', {}, duration(ended - started.getTime())),
        el('td', {}, bar(run.counts ?? {}))));
    }
    if (runs.length === 0) body.append(el('tr', {}, el('td', { colspan: 6 }, 'No runs yet.')));
  }

  filter.addEventListener('change', () => {
    const query = filter.value ? `?state=${filter.value}` : '';
    history.replaceState(null, '', `/ui/${query}`);
    window.clearTimeout(timer);
    void refresh();
  });
  void refresh();
  return () => { stopped = true; controller.abort(); window.clearTimeout(timer); };
}

/** A bar of step counts per state, each part as wide as its share, with the numbers as its label. */
export function bar(counts: Record<string, number>): HTMLElement {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const label = STATES.filter(s => counts[s]).map(s => `${counts[s]} ${s}`).join(', ');
  const node = el('div', { class: 'bar', role: 'img', 'aria-label': label || 'no steps', title: label });
  STATES.forEach((state, i) => {
    const n = counts[state];
    if (!n || !total) return;
    const part = el('span', { class: 'part', 'data-state': state });
    part.style.width = `${(100 * n) / total}%`;
    part.style.background = COLOURS[i]!;
    node.append(part);
  });
  return node;
}
