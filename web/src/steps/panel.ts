// One step: its record, attempts, the behaviour that decided, its error, the products it consumed and
// produced (digest, size, download), and its log.
import { getJson, linkUrl, runPath, StepView } from '../api';
import { bytes, clear, duration, el, showAlert } from '../dom';
import { colourOf } from '../states';
import { LogViewer } from '../log/viewer';

export class StepPanel {
  readonly element: HTMLElement = el('aside', { class: 'panel', id: 'step-panel', 'aria-label': 'Step', hidden: true });
  private log: LogViewer | null = null;
  private token = 0;
  step = '';

  constructor(private readonly run: string, private readonly onAttempt: (step: string, attempt: number) => void) {}

  async show(step: string, attempt: number | null): Promise<void> {
    const token = ++this.token;
    this.step = step;
    let view: StepView;
    try {
      view = await getJson<StepView>(`${runPath(this.run)}/steps/${encodeURIComponent(step)}`);
    } catch (e) {
      showAlert((e as Error).message);
      return;
    }
    if (token !== this.token) return;
    this.log?.close();
    this.log = null;
    clear(this.element);
    this.element.hidden = false;
    const r = view.record;
    const state = r?.state ?? 'NotStarted';
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = colourOf(state);
    const facts = el('dl', { class: 'facts' });
    const fact = (name: string, value: string | undefined | null) => { if (value) facts.append(el('dt', {}, name), el('dd', {}, value)); };
    fact('State', state);
    fact('Remote', view.remote);
    fact('Runs', view.runs ? 'a command' : 'nothing: it only makes its products exist');
    fact('Attempts', r ? String(r.attempts) : '0');
    fact('Started', r?.startedAt ? new Date(r.startedAt).toLocaleString() : null);
    fact('Duration', r?.startedAt ? duration((r.endedAt ? Date.parse(r.endedAt) : Date.now()) - Date.parse(r.startedAt)) : null);
    fact('Exit code', r?.exitCode !== undefined && r?.exitCode !== null ? String(r.exitCode) : null);
    fact('Decided by', r?.behavior ? `${r.behavior}${r.note ? ` — ${r.note}` : ''}` : null);
    fact('Failure', r?.failure ?? null);
    fact('Job', r?.job ?? null);
    this.element.append(el('h2', {}, swatch, step), facts);
    if (r?.error) this.element.append(el('p', { class: 'error', id: 'step-error' }, r.error));
    this.element.append(products('Consumes', view.consumes, this.run), products('Produces', view.produces, this.run));
    if (r && r.attempts > 0) {
      const chosen = attempt && attempt <= r.attempts ? attempt : r.attempts;
      this.log = new LogViewer(this.run, step, r.attempts, chosen, n => this.onAttempt(step, n));
      this.element.append(this.log.element);
    } else {
      this.element.append(el('p', { class: 'muted' }, 'Not started: no log yet.'));
    }
  }

  hide(): void {
    this.token++;
    this.log?.close();
    this.log = null;
    this.element.hidden = true;
    this.step = '';
  }
}

function products(title: string, list: StepView['consumes'], run: string): HTMLElement {
  const rows = list.map(p => el('tr', {},
    el('td', {}, p.name),
    el('td', { class: 'digest', title: p.ref?.digest ?? '' }, p.ref ? p.ref.digest.slice(0, 19) + '…' : 'not yet'),
    el('td', {}, p.ref ? bytes(p.ref.size) : ''),
    el('td', {}, p.ref ? el('a', { href: linkUrl(`${runPath(run)}/products/${encodeURIComponent(p.name)}`), download: '' }, 'download') : '')));
  return el('section', { class: 'products' }, el('h3', {}, title),
    list.length ? el('table', {}, el('thead', {}, el('tr', {}, ...['Product', 'Digest', 'Size', ''].map(h => el('th', { scope: 'col' }, h)))), el('tbody', {}, ...rows))
      : el('p', { class: 'muted' }, 'none'));
}
