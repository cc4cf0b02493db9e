// Drawing a graph on a canvas, free of DOM lookups: what is drawn depends on the zoom. Far out, each step
// is a block of its state's colour (one path per colour, no edges); nearer, boxes and the edges in view;
// close up, the steps' names too.
import type { GraphModel } from './model';

export const CELL_W = 200;
export const CELL_H = 44;
export const BOX_W = 170;
export const BOX_H = 30;

export interface Viewport { x: number; y: number; scale: number; width: number; height: number; }

export interface DrawOptions {
  selected: number;
  /** Steps drawn at full strength; the rest faded. Null: all. */
  emphasis: Uint8Array | null;
  /** Steps drawn at all. Null: all. */
  only: Uint8Array | null;
}

export type Detail = 'blocks' | 'boxes' | 'labels';

export function detailAt(scale: number): Detail {
  const px = CELL_H * scale;
  return px < 9 ? 'blocks' : px < 26 ? 'boxes' : 'labels';
}

export function draw(ctx: CanvasRenderingContext2D, model: GraphModel, view: Viewport, options: DrawOptions): void {
  const { scale } = view;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, view.width, view.height);
  ctx.setTransform(scale, 0, 0, scale, -view.x * scale, -view.y * scale);
  const c0 = Math.max(0, Math.floor(view.x / CELL_W) - 1);
  const c1 = Math.min(model.columns - 1, Math.ceil((view.x + view.width / scale) / CELL_W));
  const r0 = Math.max(0, Math.floor(view.y / CELL_H) - 1);
  const r1 = Math.min(model.rows - 1, Math.ceil((view.y + view.height / scale) / CELL_H));
  const detail = detailAt(scale);
  const visible: number[] = [];
  for (let c = c0; c <= c1; c++) {
    for (let r = r0; r <= r1; r++) {
      const i = model.cells[c * model.rows + r]!;
      if (i >= 0 && (!options.only || options.only[i])) visible.push(i);
    }
  }

  if (detail === 'blocks') {
    fillByColour(ctx, model, visible, options, 2, 2, CELL_W - 4, CELL_H - 4);
  } else {
    drawEdges(ctx, model, view, options);
    const dx = (CELL_W - BOX_W) / 2, dy = (CELL_H - BOX_H) / 2;
    fillByColour(ctx, model, visible, options, dx, dy, BOX_W, BOX_H);
    ctx.lineWidth = 1 / scale;
    ctx.strokeStyle = '#333';
    ctx.beginPath();
    for (const i of visible) ctx.rect(model.column[i]! * CELL_W + dx, model.row[i]! * CELL_H + dy, BOX_W, BOX_H);
    ctx.stroke();
    if (detail === 'labels') {
      ctx.fillStyle = '#000';
      ctx.font = '13px system-ui, sans-serif';
      ctx.textBaseline = 'middle';
      for (const i of visible) {
        if (options.emphasis && !options.emphasis[i]) continue;
        ctx.fillText(clip(ctx, model.names[i]!, BOX_W - 10), model.column[i]! * CELL_W + dx + 5, model.row[i]! * CELL_H + CELL_H / 2);
      }
    }
  }

  if (options.selected >= 0) {
    const i = options.selected;
    ctx.lineWidth = 4 / scale;
    ctx.strokeStyle = '#000';
    ctx.strokeRect(model.column[i]! * CELL_W + 1, model.row[i]! * CELL_H + 1, CELL_W - 2, CELL_H - 2);
  }
}

function fillByColour(ctx: CanvasRenderingContext2D, model: GraphModel, steps: number[], options: DrawOptions, dx: number, dy: number, w: number, h: number): void {
  // One path per state and strength: nine fills for ten thousand steps.
  for (let faded = 0; faded < 2; faded++) {
    if (faded && !options.emphasis) break;
    ctx.globalAlpha = faded ? 0.15 : 1;
    for (let s = 0; s < model.colours.length; s++) {
      ctx.beginPath();
      let any = false;
      for (const i of steps) {
        if (model.states[i] !== s) continue;
        if (options.emphasis && (options.emphasis[i] ? faded : !faded)) continue;
        ctx.rect(model.column[i]! * CELL_W + dx, model.row[i]! * CELL_H + dy, w, h);
        any = true;
      }
      if (any) { ctx.fillStyle = model.colours[s]!; ctx.fill(); }
    }
  }
  ctx.globalAlpha = 1;
}

function drawEdges(ctx: CanvasRenderingContext2D, model: GraphModel, view: Viewport, options: DrawOptions): void {
  const x0 = view.x, x1 = view.x + view.width / view.scale, y0 = view.y, y1 = view.y + view.height / view.scale;
  const dx = (CELL_W - BOX_W) / 2;
  for (let strong = 0; strong < 2; strong++) {
    ctx.beginPath();
    for (let e = 0; e < model.edges.length; e += 2) {
      const a = model.edges[e]!, b = model.edges[e + 1]!;
      if (options.only && (!options.only[a] || !options.only[b])) continue;
      const emphasised = !options.emphasis || (options.emphasis[a] && options.emphasis[b]);
      if ((strong === 1) !== Boolean(emphasised)) continue;
      const ax = model.column[a]! * CELL_W + CELL_W - dx, ay = model.row[a]! * CELL_H + CELL_H / 2;
      const bx = model.column[b]! * CELL_W + dx, by = model.row[b]! * CELL_H + CELL_H / 2;
      if (Math.max(ax, bx) < x0 || Math.min(ax, bx) > x1 || Math.max(ay, by) < y0 || Math.min(ay, by) > y1) continue;
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
    }
    ctx.lineWidth = (strong ? 1.2 : 1) / view.scale;
    ctx.strokeStyle = strong ? 'rgba(40,40,40,0.55)' : 'rgba(40,40,40,0.08)';
    ctx.stroke();
  }
}

function clip(ctx: CanvasRenderingContext2D, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let end = text.length;
  while (end > 1 && ctx.measureText(text.slice(0, end) + '…').width > width) end--;
  return text.slice(0, end) + '…';
}

/** The whole graph, small, as blocks of colour: the minimap's picture. */
export function drawOverview(ctx: CanvasRenderingContext2D, model: GraphModel, width: number, height: number): number {
  const scale = Math.min(width / (model.columns * CELL_W), height / (model.rows * CELL_H));
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, width, height);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  const all: number[] = [];
  for (let i = 0; i < model.n; i++) all.push(i);
  fillByColour(ctx, model, all, { selected: -1, emphasis: null, only: null }, 0, 0, CELL_W - 10, CELL_H - 6);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return scale;
}
