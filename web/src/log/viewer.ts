// A step's log: opens at its end (the tail is read first, 64 KiB), reads earlier parts on demand, follows a
// running step by offset, finds text, picks the attempt, and links the raw log for download. Only what was
// read is in the page, so a 100 MB log costs what its tail costs.
import { ApiError, getText, runPath, url } from '../api';
import { clear, el, showAlert } from '../dom';

const CHUNK = 64 * 1024;
const KEEP = 4 * 1024 * 1024;

export class LogViewer {
  readonly element: HTMLElement;
  private readonly pre: HTMLPreElement;
  private readonly status: HTMLElement;
  private readonly earlier: HTMLButtonElement;
  private readonly attemptPicker: HTMLSelectElement;
  private readonly download: HTMLAnchorElement;
  private readonly search: HTMLInputElement;
  private start = 0;
  private end = 0;
  private text = '';
  private timer = 0;
  private closed = false;
  private attempt = 0;
  private readonly controller = new AbortController();

  constructor(private readonly run: string, private readonly step: string, attempts: number, attempt: number, private readonly onAttempt: (n: number) => void) {
    this.attempt = attempt;
    this.pre = el('pre', { class: 'log', id: 'log', tabindex: 0, 'aria-label': `Log of ${step}` });
    this.status = el('span', { class: 'log-status', 'aria-live': 'polite' });
    this.earlier = el('button', { type: 'button', id: 'log-earlier', hidden: true }, 'Show earlier');
    this.earlier.addEventListener('click', () => void this.readEarlier());
    this.attemptPicker = el('select', { id: 'attempt', 'aria-label': 'Attempt' },
      ...Array.from({ length: attempts }, (_, k) => el('option', { value: k + 1 }, `attempt ${k + 1}`)));
    this.attemptPicker.value = String(attempt);
    this.attemptPicker.addEventListener('change', () => this.onAttempt(Number(this.attemptPicker.value)));
    this.download = el('a', { href: url(`${this.base()}&download=1`), download: '', id: 'log-download' }, 'Raw log');
    this.search = el('input', { type: 'search', id: 'log-search', placeholder: 'Find in log', 'aria-label': 'Find in log' });
    this.search.addEventListener('change', () => this.find());
    this.search.addEventListener('keydown', e => { if (e.key === 'Enter') this.find(); });
    this.element = el('section', { class: 'log-box', 'aria-label': 'Log' },
      el('div', { class: 'log-tools' }, this.attemptPicker, this.search, this.download, this.status), this.earlier, this.pre);
    void this.readTail();
  }

  close(): void { this.closed = true; this.controller.abort(); window.clearTimeout(this.timer); }

  private base(): string {
    return `${runPath(this.run)}/steps/${encodeURIComponent(this.step)}/log?attempt=${this.attempt}`;
  }

  private async readTail(): Promise<void> {
    try {
      const { text, headers } = await getText(`${this.base()}&tail=${CHUNK}`, this.controller.signal);
      this.start = Number(headers.get('X-Bazaar-Log-Offset') ?? 0);
      this.end = this.start + new TextEncoder().encode(text).length;
      this.text = this.dropPartialFirstLine(text);
      this.show(true);
      this.follow(headers.get('X-Bazaar-Step-State'));
    } catch (e) {
      this.fail(e);
    }
  }

  private async readEarlier(): Promise<void> {
    const from = Math.max(0, this.start - CHUNK);
    try {
      const { text } = await getText(`${this.base()}&offset=${from}&limit=${this.start - from}`, this.controller.signal);
      this.start = from;
      this.text = this.dropPartialFirstLine(text) + this.text;
      if (this.text.length > KEEP) this.text = this.text.slice(0, KEEP);
      this.show(false);
      this.pre.scrollTop = 0;
    } catch (e) {
      this.fail(e);
    }
  }

  private follow(state: string | null): void {
    if (this.closed || (state !== 'Running' && state !== 'Waiting')) {
      this.status.textContent = state === 'Running' ? '' : `${this.attemptPicker.options.length} attempt(s), ${state ?? ''}`;
      return;
    }
    this.status.textContent = 'following…';
    this.timer = window.setTimeout(async () => {
      try {
        const { text, headers } = await getText(`${this.base()}&offset=${this.end}`, this.controller.signal);
        if (text) {
          const atBottom = this.pre.scrollTop + this.pre.clientHeight >= this.pre.scrollHeight - 4;
          this.end += new TextEncoder().encode(text).length;
          this.text += text;
          if (this.text.length > KEEP) { this.text = this.text.slice(this.text.length - KEEP); this.start = this.end - KEEP; }
          this.show(atBottom);
        }
        this.follow(headers.get('X-Bazaar-Step-State'));
      } catch (e) {
        this.fail(e);
      }
    }, 1000);
  }

  private dropPartialFirstLine(text: string): string {
    // A window that starts mid-line shows from the next whole line; "Show earlier" brings the rest.
    this.earlier.hidden = this.start === 0;
    if (this.start === 0) return text;
    const nl = text.indexOf('\n');
    return nl >= 0 && nl < text.length - 1 ? text.slice(nl + 1) : text;
  }

  private show(toEnd: boolean): void {
    this.pre.textContent = this.text;
    this.pre.dataset['start'] = String(this.start);
    this.pre.dataset['end'] = String(this.end);
    if (toEnd) this.pre.scrollTop = this.pre.scrollHeight;
    if (this.search.value) this.find();
  }

  private lastFound = -1;

  private find(): void {
    const needle = this.search.value;
    clear(this.pre);
    if (!needle) { this.pre.textContent = this.text; return; }
    const lower = this.text.toLowerCase(), n = needle.toLowerCase();
    const fragment = document.createDocumentFragment();
    let at = 0, count = 0;
    let first: HTMLElement | null = null;
    for (let k = lower.indexOf(n); k >= 0 && count < 1000; k = lower.indexOf(n, k + n.length)) {
      fragment.append(this.text.slice(at, k));
      const mark = el('mark', {}, this.text.slice(k, k + n.length));
      if (k > this.lastFound && !first) { first = mark; this.lastFound = k; }
      fragment.append(mark);
      at = k + n.length;
      count++;
    }
    fragment.append(this.text.slice(at));
    this.pre.append(fragment);
    if (!first) { this.lastFound = -1; first = this.pre.querySelector('mark'); }
    first?.classList.add('current');
    first?.scrollIntoView({ block: 'center' });
    this.status.textContent = count ? `${count} found` : 'not found';
  }

  private fail(e: unknown): void {
    if (this.closed) return;
    if (e instanceof ApiError && e.status === 404) { this.pre.textContent = e.message; return; }
    showAlert((e as Error).message);
  }
}
