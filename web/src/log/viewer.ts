// A step's log: opens at its end (the tail is read first, 64 KiB), reads earlier parts on demand, follows a
// running step by offset, finds text (in the whole log: the server searches what the page has not read), picks
// the attempt, and links the raw log for download. Only what was read is in the page, so a 100 MB log costs what
// its tail costs.
import { ApiError, getText, linkUrl, runPath } from '../api';
import { clear, el, showAlert } from '../dom';

const CHUNK = 64 * 1024;
const KEEP = 4 * 1024 * 1024;

export class LogViewer {
  readonly element: HTMLElement;
  private readonly pre: HTMLPreElement;
  private readonly status: HTMLElement;
  private readonly earlier: HTMLButtonElement;
  private readonly toEnd: HTMLButtonElement;
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
    this.toEnd = el('button', { type: 'button', id: 'log-end', hidden: true }, 'Back to the end');
    this.toEnd.addEventListener('click', () => { this.detached = false; this.toEnd.hidden = true; this.lastFound = -1; void this.readTail(); });
    this.attemptPicker = el('select', { id: 'attempt', 'aria-label': 'Attempt' },
      ...Array.from({ length: attempts }, (_, k) => el('option', { value: k + 1 }, `attempt ${k + 1}`)));
    this.attemptPicker.value = String(attempt);
    this.attemptPicker.addEventListener('change', () => this.onAttempt(Number(this.attemptPicker.value)));
    this.download = el('a', { href: linkUrl(`${this.base()}&download=1`), download: '', id: 'log-download' }, 'Raw log');
    this.search = el('input', { type: 'search', id: 'log-search', placeholder: 'Find in log', 'aria-label': 'Find in log' });
    this.search.addEventListener('keydown', e => { if (e.key === 'Enter') void this.find(); });
    this.element = el('section', { class: 'log-box', 'aria-label': 'Log' },
      el('div', { class: 'log-tools' }, this.attemptPicker, this.search, this.download, this.status), this.earlier, this.pre, this.toEnd);
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
      // A find moved the window elsewhere in the log: what follows is not appended to it.
      if (this.detached) return;
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
    if (this.search.value) this.highlight(this.search.value, false);
  }

  private lastFound = -1;
  private detached = false;

  // Enter finds the next match: in what was read, then in the rest of the log on the server (after the window, then
  // from the start), whose window is then read around the match; the page never holds more than a window.
  private async find(): Promise<void> {
    const needle = this.search.value;
    if (this.highlight(needle, true) || !needle) return;
    try {
      const after = await this.findOnServer(needle, this.end, null);
      const at = after >= 0 ? after : this.start > 0 ? await this.findOnServer(needle, 0, this.start) : -1;
      if (at < 0 || (at >= this.start && at < this.end)) { this.highlight(needle, true, true); return; }
      const from = Math.max(0, at - CHUNK / 2);
      const { text } = await getText(`${this.base()}&offset=${from}&limit=${CHUNK}`, this.controller.signal);
      this.detached = true;
      this.toEnd.hidden = false;
      window.clearTimeout(this.timer);
      this.start = from;
      this.end = from + new TextEncoder().encode(text).length;
      this.text = this.dropPartialFirstLine(text);
      this.lastFound = -1;
      this.show(false);
      this.status.textContent = `found at byte ${at}`;
    } catch (e) {
      this.fail(e);
    }
  }

  private async findOnServer(needle: string, offset: number, limit: number | null): Promise<number> {
    const query = `&find=${encodeURIComponent(needle)}&offset=${offset}${limit ? `&limit=${limit}` : ''}`;
    const { headers } = await getText(this.base() + query, this.controller.signal);
    return Number(headers.get('X-Bazaar-Log-Found') ?? -1);
  }

  // Marks every match in what was read; with advance, the next one after the current becomes current. Tells whether
  // there was a next one (without going round to the first, unless wrap).
  private highlight(needle: string, advance: boolean, wrap = false): boolean {
    clear(this.pre);
    if (!needle) { this.pre.textContent = this.text; this.lastFound = -1; return false; }
    const lower = this.text.toLowerCase(), n = needle.toLowerCase();
    const fragment = document.createDocumentFragment();
    let at = 0, count = 0;
    let current: HTMLElement | null = null;
    for (let k = lower.indexOf(n); k >= 0 && count < 1000; k = lower.indexOf(n, k + n.length)) {
      fragment.append(this.text.slice(at, k));
      const mark = el('mark', {}, this.text.slice(k, k + n.length));
      if (!current && (advance ? k > this.lastFound : k >= this.lastFound)) { current = mark; this.lastFound = k; }
      fragment.append(mark);
      at = k + n.length;
      count++;
    }
    fragment.append(this.text.slice(at));
    this.pre.append(fragment);
    const next = current !== null;
    if (!current && wrap) { this.lastFound = lower.indexOf(n); current = this.pre.querySelector('mark'); }
    current?.classList.add('current');
    if (advance) current?.scrollIntoView({ block: 'center' });
    this.status.textContent = count ? `${count} found in what is shown` : 'not found';
    return next;
  }

  private fail(e: unknown): void {
    if (this.closed) return;
    if (e instanceof ApiError && e.status === 404) { this.pre.textContent = e.message; return; }
    showAlert((e as Error).message);
  }
}
