// The graph on screen: a canvas that pans (drag, arrow keys), zooms (wheel, + and -) and fits (f), with a
// minimap to jump around, redrawn at most once per animation frame when something changed.
import { el } from '../dom';
import { CELL_H, CELL_W, detailAt, draw, drawOverview, Viewport } from './draw';
import type { GraphModel } from './model';

export interface Perf { frames: number[]; }

export class GraphView {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly minimap: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly miniCtx: CanvasRenderingContext2D;
  private view: Viewport = { x: 0, y: 0, scale: 1, width: 1, height: 1 };
  private dpr = 1;
  private pending = 0;
  private drawnVersion = -1;
  private overviewVersion = -1;
  private overviewAt = 0;
  private overviewScale = 1;
  selected = -1;
  emphasis: Uint8Array | null = null;
  only: Uint8Array | null = null;
  onSelect: (i: number) => void = () => {};
  onPaint: () => void = () => {};

  constructor(private readonly model: GraphModel, private readonly perf: Perf) {
    this.canvas = el('canvas', { class: 'graph', tabindex: 0, 'aria-label': 'Graph of steps coloured by state; the step table beside it lists the same steps. Arrow keys pan, + and - zoom, f fits.' });
    this.minimap = el('canvas', { class: 'minimap', 'aria-hidden': 'true', width: 200, height: 120 });
    this.element = el('div', { class: 'graph-box' }, this.canvas, this.minimap);
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;
    this.miniCtx = this.minimap.getContext('2d')!;
    this.listen();
    new ResizeObserver(() => this.resize()).observe(this.element);
  }

  get viewport(): Viewport { return { ...this.view }; }

  get detail(): string { return detailAt(this.view.scale); }

  /** Asks for a redraw on the next animation frame; many asks in one frame draw once. */
  invalidate(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => { this.pending = 0; this.paint(); });
  }

  fit(): void {
    const w = this.model.columns * CELL_W, h = this.model.rows * CELL_H;
    const scale = Math.min(this.view.width / w, this.view.height / h, 1.5) * 0.95;
    this.view.scale = scale;
    this.view.x = -(this.view.width / scale - w) / 2;
    this.view.y = -(this.view.height / scale - h) / 2;
    this.invalidate();
  }

  /** Zooms in on a step (close enough to read names) and centres it. */
  focus(i: number): void {
    if (i < 0) return;
    this.view.scale = Math.max(this.view.scale, 0.8);
    this.centre(i);
  }

  centre(i: number): void {
    this.view.x = this.model.column[i]! * CELL_W + CELL_W / 2 - this.view.width / this.view.scale / 2;
    this.view.y = this.model.row[i]! * CELL_H + CELL_H / 2 - this.view.height / this.view.scale / 2;
    this.invalidate();
  }

  zoom(factor: number, sx = this.view.width / 2, sy = this.view.height / 2): void {
    const scale = Math.min(4, Math.max(0.005, this.view.scale * factor));
    const wx = this.view.x + sx / this.view.scale, wy = this.view.y + sy / this.view.scale;
    this.view.scale = scale;
    this.view.x = wx - sx / scale;
    this.view.y = wy - sy / scale;
    this.invalidate();
  }

  pan(dx: number, dy: number): void {
    this.view.x -= dx / this.view.scale;
    this.view.y -= dy / this.view.scale;
    this.invalidate();
  }

  /** The step at a point on the canvas (CSS pixels), or -1: the grid is the spatial index. */
  hit(sx: number, sy: number): number {
    const wx = this.view.x + sx / this.view.scale, wy = this.view.y + sy / this.view.scale;
    const i = this.model.at(Math.floor(wx / CELL_W), Math.floor(wy / CELL_H));
    return i >= 0 && this.only && !this.only[i] ? -1 : i;
  }

  /** Where a step's centre is on the canvas, in CSS pixels. */
  screenOf(i: number): { x: number; y: number } {
    return {
      x: (this.model.column[i]! * CELL_W + CELL_W / 2 - this.view.x) * this.view.scale,
      y: (this.model.row[i]! * CELL_H + CELL_H / 2 - this.view.y) * this.view.scale,
    };
  }

  private paint(): void {
    const start = performance.now();
    this.ctx.save();
    this.ctx.fillStyle = '#fff';
    this.ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.ctx.scale(this.dpr, this.dpr);
    const view = { ...this.view };
    draw(this.ctx, this.model, view, { selected: this.selected, emphasis: this.emphasis, only: this.only });
    this.ctx.restore();
    // The minimap's picture of every step is redrawn at most twice a second; its frame every time.
    if (this.overviewVersion !== this.model.version && start - this.overviewAt > 500) {
      this.overviewVersion = this.model.version;
      this.overviewAt = start;
      this.overviewScale = drawOverview(this.miniCtx, this.model, this.minimap.width, this.minimap.height);
      this.miniFrame = this.miniCtx.getImageData(0, 0, this.minimap.width, this.minimap.height);
    } else if (this.miniFrame) {
      this.miniCtx.putImageData(this.miniFrame, 0, 0);
    }
    if (this.overviewVersion !== this.model.version) this.invalidate();
    const s = this.overviewScale;
    this.miniCtx.strokeStyle = '#000';
    this.miniCtx.lineWidth = 1.5;
    this.miniCtx.strokeRect(view.x * s, view.y * s, (view.width / view.scale) * s, (view.height / view.scale) * s);
    this.drawnVersion = this.model.version;
    this.perf.frames.push(performance.now() - start);
    if (this.perf.frames.length > 2000) this.perf.frames.splice(0, 1000);
    this.canvas.dataset['version'] = String(this.drawnVersion);
    this.canvas.dataset['detail'] = detailAt(view.scale);
    this.onPaint();
  }

  private miniFrame: ImageData | null = null;

  private resize(): void {
    const rect = this.canvas.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(1, Math.round(rect.width * this.dpr));
    this.canvas.height = Math.max(1, Math.round(rect.height * this.dpr));
    const first = this.view.width <= 1;
    this.view.width = rect.width;
    this.view.height = rect.height;
    if (first) this.fit(); else this.invalidate();
  }

  private listen(): void {
    let drag: { x: number; y: number; moved: boolean } | null = null;
    this.canvas.addEventListener('pointerdown', e => {
      drag = { x: e.clientX, y: e.clientY, moved: false };
      this.canvas.setPointerCapture(e.pointerId);
    });
    this.canvas.addEventListener('pointermove', e => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
      drag.x = e.clientX; drag.y = e.clientY;
      if (drag.moved) this.pan(dx, dy);
    });
    this.canvas.addEventListener('pointerup', e => {
      const wasDrag = drag?.moved;
      drag = null;
      if (wasDrag) return;
      const rect = this.canvas.getBoundingClientRect();
      const i = this.hit(e.clientX - rect.left, e.clientY - rect.top);
      if (i >= 0) this.onSelect(i);
    });
    this.canvas.addEventListener('wheel', e => {
      e.preventDefault();
      const rect = this.canvas.getBoundingClientRect();
      this.zoom(Math.exp(-e.deltaY * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
    }, { passive: false });
    this.canvas.addEventListener('keydown', e => {
      const step = 60;
      const keys: Record<string, () => void> = {
        ArrowLeft: () => this.pan(step, 0), ArrowRight: () => this.pan(-step, 0),
        ArrowUp: () => this.pan(0, step), ArrowDown: () => this.pan(0, -step),
        '+': () => this.zoom(1.25), '=': () => this.zoom(1.25), '-': () => this.zoom(0.8), f: () => this.fit(),
      };
      const action = keys[e.key];
      if (action) { e.preventDefault(); action(); }
    });
    this.minimap.addEventListener('pointerdown', e => {
      const rect = this.minimap.getBoundingClientRect();
      const wx = (e.clientX - rect.left) / this.overviewScale, wy = (e.clientY - rect.top) / this.overviewScale;
      this.view.x = wx - this.view.width / this.view.scale / 2;
      this.view.y = wy - this.view.height / this.view.scale / 2;
      this.invalidate();
    });
  }
}
