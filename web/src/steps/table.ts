// The steps as a table beside the graph: sortable by name, state, duration and attempts, only the rows in
// view in the document (ten thousand rows stay cheap), and the accessible way in: arrow keys, Home, End,
// Page Up and Down move the selection, which the graph follows, and Enter opens the step.
import { clear, duration, el } from '../dom';
import type { GraphModel } from '../graph/model';

const ROW_H = 26;
type Key = 'name' | 'state' | 'duration' | 'attempts';

export class StepTable {
  readonly element: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly body: HTMLTableSectionElement;
  private readonly headers = new Map<Key, HTMLElement>();
  private order: Int32Array;
  private position: Int32Array;
  private sortKey: Key = 'name';
  private descending = false;
  private shownVersion = -1;
  private pending = 0;
  selected = -1;
  onSelect: (i: number) => void = () => {};
  onOpen: (i: number) => void = () => {};

  constructor(private readonly model: GraphModel) {
    this.order = new Int32Array(model.n).map((_, i) => i);
    this.position = new Int32Array(model.n);
    const head = el('tr', { role: 'row' });
    for (const [key, label] of [['name', 'Step'], ['state', 'State'], ['duration', 'Duration'], ['attempts', 'Attempts']] as [Key, string][]) {
      const button = el('button', { type: 'button', class: 'sort' }, label);
      button.addEventListener('click', () => this.sort(key, this.sortKey === key ? !this.descending : false));
      const th = el('th', { role: 'columnheader', scope: 'col', 'aria-sort': key === 'name' ? 'ascending' : 'none', 'data-key': key }, button);
      this.headers.set(key, th);
      head.append(th);
    }
    this.body = el('tbody', { role: 'rowgroup' });
    const table = el('table', { class: 'steps', role: 'grid', 'aria-label': 'Steps', 'aria-rowcount': model.n + 1 },
      el('thead', { role: 'rowgroup' }, head), this.body);
    this.spacer = el('div', { class: 'spacer' });
    this.scroller = el('div', { class: 'steps-scroll', tabindex: 0, id: 'step-table', 'aria-label': 'Steps: arrow keys move, Enter opens' }, this.spacer, table);
    this.element = this.scroller;
    this.scroller.addEventListener('scroll', () => this.invalidate());
    this.scroller.addEventListener('keydown', e => this.key(e));
    this.sort('name', false);
    new ResizeObserver(() => this.invalidate()).observe(this.scroller);
  }

  sort(key: Key, descending: boolean): void {
    this.sortKey = key; this.descending = descending;
    const m = this.model;
    const name = (i: number) => m.names[i]!;
    const value: Record<Key, (i: number) => number> = {
      name: () => 0,
      state: i => m.states[i]!,
      duration: i => { const d = (isNaN(m.ended[i]!) ? Date.now() : m.ended[i]!) - m.started[i]!; return isNaN(d) ? -1 : d; },
      attempts: i => m.attempts[i]!,
    };
    const f = value[key];
    const sorted = Array.from(this.order).sort((a, b) => {
      const d = key === 'name' ? (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0) : f(a) - f(b) || (name(a) < name(b) ? -1 : 1);
      return descending ? -d : d;
    });
    this.order = Int32Array.from(sorted);
    this.order.forEach((i, p) => { this.position[i] = p; });
    for (const [k, th] of this.headers) th.setAttribute('aria-sort', k === key ? (descending ? 'descending' : 'ascending') : 'none');
    this.shownVersion = -1;
    this.invalidate();
  }

  select(i: number, scroll = true): void {
    this.selected = i;
    if (scroll && i >= 0) {
      const top = this.position[i]! * ROW_H;
      const view = this.scroller.clientHeight - ROW_H * 2;
      if (top < this.scroller.scrollTop || top > this.scroller.scrollTop + view) this.scroller.scrollTop = Math.max(0, top - view / 2);
    }
    this.shownVersion = -1;
    this.invalidate();
  }

  invalidate(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => { this.pending = 0; this.render(); });
  }

  /** States changed: re-sorted when sorted by what changes, redrawn either way. */
  refresh(): void {
    if (this.sortKey !== 'name') this.sort(this.sortKey, this.descending);
    else { this.shownVersion = -1; this.invalidate(); }
  }

  private render(): void {
    const m = this.model;
    this.spacer.style.height = `${m.n * ROW_H}px`;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_H) - 5);
    const last = Math.min(m.n, first + Math.ceil(this.scroller.clientHeight / ROW_H) + 12);
    const key = `${first}:${last}:${m.version}`;
    if (this.body.dataset['key'] === key && this.shownVersion !== -1) return;
    this.body.dataset['key'] = key;
    this.shownVersion = m.version;
    clear(this.body);
    this.body.style.transform = `translateY(${first * ROW_H}px)`;
    for (let p = first; p < last; p++) {
      const i = this.order[p]!;
      const state = m.stateName(i);
      const swatch = el('span', { class: 'swatch' });
      swatch.style.background = m.colour(i);
      const d = (isNaN(m.ended[i]!) ? Date.now() : m.ended[i]!) - m.started[i]!;
      const row = el('tr', {
        role: 'row', id: `step-row-${i}`, 'aria-rowindex': p + 2, 'aria-selected': i === this.selected ? 'true' : 'false',
        'data-step': m.names[i], class: i === this.selected ? 'selected' : undefined,
      },
        el('td', { role: 'gridcell' }, m.names[i]!),
        el('td', { role: 'gridcell' }, swatch, state),
        el('td', { role: 'gridcell' }, isNaN(d) ? '' : duration(d)),
        el('td', { role: 'gridcell' }, String(m.attempts[i]!)));
      row.addEventListener('click', () => { this.scroller.focus(); this.onSelect(i); });
      row.addEventListener('dblclick', () => this.onOpen(i));
      this.body.append(row);
    }
    if (this.selected >= 0) this.scroller.setAttribute('aria-activedescendant', `step-row-${this.selected}`);
    else this.scroller.removeAttribute('aria-activedescendant');
  }

  private key(e: KeyboardEvent): void {
    const n = this.model.n;
    if (!n) return;
    const at = this.selected >= 0 ? this.position[this.selected]! : -1;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_H) - 1);
    const moves: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: n - 1, PageDown: at + page, PageUp: at - page };
    if (e.key in moves) {
      e.preventDefault();
      const p = Math.min(n - 1, Math.max(0, moves[e.key]!));
      this.onSelect(this.order[p]!);
    } else if (e.key === 'Enter' && this.selected >= 0) {
      e.preventDefault();
      this.onOpen(this.selected);
    }
  }
}
