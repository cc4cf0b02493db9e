// One run: its state and counts, cancel and rerun, the graph coloured by state (live), a legend, the step
// table beside it, a search that jumps to a step, highlighting of a step's upstream and downstream, a
// failed-only view, the step panel with its log, and a waterfall; the address says run, step and attempt.
import { getJson, Layout, post, runPath } from '../api';
import { clear, duration, el, showAlert } from '../dom';
import { GraphModel } from '../graph/model';
import { GraphView } from '../graph/view';
import { watch, Handlers, RunHeader } from '../live/events';
import { bar } from '../runs/list';
import { StepPanel } from '../steps/panel';
import { StepTable } from '../steps/table';
import { Waterfall } from './waterfall';
import { perf } from '../perf';

export function showRun(main: HTMLElement, id: string, navigate: (path: string) => void): () => void {
  clear(main);
  const title = el('h1', {}, 'Run ', el('span', { class: 'run-id' }, id));
  const status = el('div', { class: 'run-status', id: 'run-status', 'aria-live': 'polite' });
  const cancel = el('button', { type: 'button', id: 'cancel' }, 'Cancel');
  const rerun = el('button', { type: 'button', id: 'rerun' }, 'Rerun');
  main.append(el('div', { class: 'run-head' }, title, status, el('div', { class: 'actions' }, cancel, rerun)));
  const loading = el('p', { class: 'muted' }, 'Loading the graph…');
  main.append(loading);

  const controller = new AbortController();
  let stopWatch = () => {};
  let stopped = false;

  cancel.addEventListener('click', async () => {
    try { await post(`${runPath(id)}/cancel?reason=${encodeURIComponent('cancelled from the web UI')}`); showAlert('Cancel requested.'); }
    catch (e) { showAlert((e as Error).message); }
  });
  rerun.addEventListener('click', async () => {
    try { const started = await post(`${runPath(id)}/rerun`); if (started.id) navigate(`/ui/runs/${encodeURIComponent(started.id)}`); }
    catch (e) { showAlert((e as Error).message); }
  });

  // The events start with the layout, not after it: the snapshot is on its way while the layout is read.
  let live: Handlers | null = null;
  const early: ((h: Handlers) => void)[] = [];
  stopWatch = watch(`${runPath(id)}/events`, {
    snapshot: s => (live ? live.snapshot(s) : early.push(h => h.snapshot(s))),
    changes: c => (live ? live.changes(c) : early.push(h => h.changes(c))),
    end: () => (live ? live.end() : early.push(h => h.end())),
  });

  void (async () => {
    let layout: Layout;
    try {
      layout = await getJson<Layout>(`${runPath(id)}/layout`, controller.signal);
    } catch (e) {
      if (!stopped) { loading.textContent = (e as Error).message; }
      return;
    }
    if (stopped) return;
    performance.mark('bazaar:layout');
    loading.remove();
    const model = new GraphModel(layout);
    const graph = new GraphView(model, perf);
    const table = new StepTable(model);
    const panel = new StepPanel(id, (step, attempt) => { setAddress(step, attempt); void panel.show(step, attempt); });
    const waterfall = new Waterfall(model);
    let header: RunHeader | null = null;

    const search = el('input', { type: 'search', id: 'step-search', placeholder: 'Find a step', 'aria-label': 'Find a step by name', list: 'step-names' });
    const fit = el('button', { type: 'button', id: 'fit' }, 'Fit');
    const highlight = el('input', { type: 'checkbox', id: 'highlight' });
    const failedOnly = el('input', { type: 'checkbox', id: 'failed-only' });
    const showWaterfall = el('input', { type: 'checkbox', id: 'show-waterfall' });
    const legend = el('ul', { class: 'legend', id: 'legend', 'aria-label': 'Legend' },
      ...layout.states.map((s, k) => { const sw = el('span', { class: 'swatch' }); sw.style.background = layout.colours[k]!; return el('li', { 'data-state': s }, sw, s, el('span', { class: 'count' })); }));
    const toolbar = el('div', { class: 'toolbar' }, search, fit,
      el('label', {}, highlight, ' Upstream and downstream'), el('label', {}, failedOnly, ' Failed and what they blocked'),
      el('label', {}, showWaterfall, ' Waterfall'));
    const layoutBox = el('div', { class: 'run-body' }, graph.element, table.element);
    main.append(toolbar, legend, layoutBox, waterfall.element, panel.element);
    waterfall.element.hidden = true;

    const select = (i: number, open: boolean) => {
      graph.selected = i; table.select(i);
      graph.emphasis = highlight.checked && i >= 0 ? model.reach(i, 0) : null;
      graph.invalidate();
      if (open && i >= 0) { setAddress(model.names[i]!, null); void panel.show(model.names[i]!, null); }
    };
    graph.onSelect = i => { select(i, true); };
    table.onSelect = i => { select(i, false); graph.centre(i); };
    table.onOpen = i => select(i, true);
    fit.addEventListener('click', () => graph.fit());
    highlight.addEventListener('change', () => select(graph.selected, false));
    failedOnly.addEventListener('change', () => { graph.only = failedOnly.checked ? model.failedAndBlocked() : null; graph.invalidate(); });
    showWaterfall.addEventListener('change', () => { waterfall.element.hidden = !showWaterfall.checked; waterfall.invalidate(); });
    search.addEventListener('keydown', e => {
      if (e.key !== 'Enter') return;
      const q = search.value.trim();
      let i = model.byName.get(q) ?? -1;
      if (i < 0 && q) i = model.names.findIndex(n => n.toLowerCase().includes(q.toLowerCase()));
      if (i < 0) { showAlert(`No step matches '${q}'.`); return; }
      select(i, true); graph.focus(i);
    });

    const counts = () => {
      const c = new Array<number>(layout.states.length).fill(0);
      for (let i = 0; i < model.n; i++) c[model.states[i]!]!++;
      legend.querySelectorAll('li').forEach((li, k) => { li.querySelector('.count')!.textContent = ` ${c[k]}`; });
      const byName: Record<string, number> = {};
      layout.states.forEach((s, k) => { if (c[k]) byName[s] = c[k]!; });
      clear(status);
      if (header) {
        const end = header.state === 'Running' || header.state === 'Pending' ? Date.now() : header.updatedAt;
        status.append(el('span', { class: `run-state ${header.state.toLowerCase()}`, id: 'run-state' }, header.state), ` ${layout.graph} · ${duration(end - header.createdAt)} `, bar(byName));
        if (header.error) status.append(el('span', { class: 'error' }, header.error));
      }
    };

    perf.where = name => { const i = model.byName.get(name); return i === undefined ? null : graph.screenOf(i); };
    perf.selected = () => (graph.selected >= 0 ? model.names[graph.selected]! : null);
    let painted = false;
    graph.onPaint = () => {
      if (!painted && model.version > 0) {
        painted = true;
        performance.mark('bazaar:painted');
        perf.painted = performance.now();
        document.body.dataset['painted'] = '1';
      }
    };
    const changed = () => {
      graph.only = failedOnly.checked ? model.failedAndBlocked() : null;
      graph.invalidate(); table.refresh(); waterfall.invalidate(); counts();
    };

    live = {
      snapshot: s => { header = s.run; model.setStates(s.states); model.apply(s.steps); perf.applied.push({ at: Date.now(), steps: s.steps.length }); changed(); },
      changes: c => {
        const t0 = performance.now();
        header = c.run; model.apply(c.steps); changed();
        perf.applied.push({ at: Date.now(), steps: c.steps.length, frame: performance.now() - t0 });
        // The open step moved (a new state or attempt): its panel is read again; its log keeps following on its own.
        const open = panel.step ? model.byName.get(panel.step) : undefined;
        if (open !== undefined && c.steps.some(row => row[0] === open)) void panel.show(panel.step, null);
      },
      end: () => { document.body.dataset['ended'] = '1'; counts(); },
    };
    for (const replay of early.splice(0)) replay(live);

    const params = new URLSearchParams(location.search);
    const deep = params.get('step');
    if (deep && model.byName.has(deep)) {
      const i = model.byName.get(deep)!;
      graph.selected = i; table.select(i);
      requestAnimationFrame(() => graph.focus(i));
      void panel.show(deep, params.get('attempt') ? Number(params.get('attempt')) : null);
    }
  })();

  function setAddress(step: string | null, attempt: number | null) {
    const q = new URLSearchParams();
    if (step) q.set('step', step);
    if (attempt) q.set('attempt', String(attempt));
    history.replaceState(null, '', `/ui/runs/${encodeURIComponent(id)}${q.toString() ? `?${q}` : ''}`);
  }

  return () => { stopped = true; controller.abort(); stopWatch(); };
}
