// Waiting and running time per step: one row per started step, in start order; the grey part from the
// run's first start to the step's start (waiting), the coloured part its run. Drawn on a canvas, rows in
// view only.
import { el } from '../dom';
import type { GraphModel } from '../graph/model';

const ROW = 6;

export class Waterfall {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private pending = 0;

  constructor(private readonly model: GraphModel) {
    this.canvas = el('canvas', { class: 'waterfall-canvas', id: 'waterfall', role: 'img', 'aria-label': 'Waterfall of waiting and running time per step' });
    this.element = el('section', { class: 'waterfall' }, el('h2', {}, 'Waterfall'), this.canvas);
  }

  invalidate(): void {
    if (this.pending || this.element.hidden) return;
    this.pending = requestAnimationFrame(() => { this.pending = 0; this.paint(); });
  }

  private paint(): void {
    const m = this.model;
    const started: number[] = [];
    for (let i = 0; i < m.n; i++) if (!isNaN(m.started[i]!)) started.push(i);
    started.sort((a, b) => m.started[a]! - m.started[b]!);
    const width = this.canvas.clientWidth || 800;
    const shown = started.slice(0, 2000);
    const height = Math.max(20, shown.length * ROW);
    this.canvas.width = width; this.canvas.height = height;
    this.canvas.dataset['rows'] = String(started.length);
    const ctx = this.canvas.getContext('2d')!;
    if (!started.length) { ctx.fillText('No step has started yet.', 4, 14); return; }
    const t0 = m.started[started[0]!]!;
    let t1 = t0 + 1;
    for (const i of started) t1 = Math.max(t1, isNaN(m.ended[i]!) ? Date.now() : m.ended[i]!);
    const x = (t: number) => ((t - t0) / (t1 - t0)) * (width - 2);
    shown.forEach((i, r) => {
      const s = m.started[i]!, e = isNaN(m.ended[i]!) ? Date.now() : m.ended[i]!;
      ctx.fillStyle = '#e4e4e4';
      ctx.fillRect(0, r * ROW, x(s), ROW - 1);
      ctx.fillStyle = m.colour(i);
      ctx.fillRect(x(s), r * ROW, Math.max(1, x(e) - x(s)), ROW - 1);
    });
  }
}
