// A run's graph as flat typed arrays, indexed by step: where each is drawn (from the server's layout), its
// state and times (from the live events), its neighbours (for highlighting), and a grid of cells that is
// the spatial index: a point maps to its cell, the cell to its step, in constant time.
import type { Layout } from '../api';

export type StepRow = [number, number, number, number | null, number | null];

export class GraphModel {
  readonly n: number;
  readonly names: string[];
  readonly column: Int32Array;
  readonly row: Int32Array;
  readonly edges: Int32Array;
  readonly columns: number;
  readonly rows: number;
  readonly stateNames: string[];
  readonly colours: string[];
  readonly states: Uint8Array;
  readonly attempts: Int32Array;
  readonly started: Float64Array;
  readonly ended: Float64Array;
  readonly cells: Int32Array;
  readonly byName = new Map<string, number>();
  private readonly predStart: Int32Array;
  private readonly predList: Int32Array;
  private readonly succStart: Int32Array;
  private readonly succList: Int32Array;
  /** Goes up by one with every applied change, so views know what to redraw. */
  version = 0;

  constructor(layout: Layout) {
    this.n = layout.steps.length;
    this.names = layout.steps;
    this.column = Int32Array.from(layout.column);
    this.row = Int32Array.from(layout.row);
    this.edges = Int32Array.from(layout.edges);
    this.columns = layout.columns;
    this.rows = Math.max(1, layout.rows);
    this.stateNames = layout.states;
    this.colours = layout.colours;
    this.states = new Uint8Array(this.n);
    this.attempts = new Int32Array(this.n);
    this.started = new Float64Array(this.n).fill(NaN);
    this.ended = new Float64Array(this.n).fill(NaN);
    this.cells = new Int32Array(this.columns * this.rows).fill(-1);
    for (let i = 0; i < this.n; i++) {
      this.cells[this.column[i]! * this.rows + this.row[i]!] = i;
      this.byName.set(this.names[i]!, i);
    }
    [this.predStart, this.predList] = this.csr(1, 0);
    [this.succStart, this.succList] = this.csr(0, 1);
  }

  /** Applies a batch of step rows ([index, state, attempts, started, ended]); one call, however many. */
  apply(rows: StepRow[]): void {
    for (const [i, state, attempts, started, ended] of rows) {
      if (i < 0 || i >= this.n) continue;
      this.states[i] = state;
      this.attempts[i] = attempts;
      this.started[i] = started ?? NaN;
      this.ended[i] = ended ?? NaN;
    }
    this.version++;
  }

  setStates(states: number[]): void {
    this.states.set(states.slice(0, this.n));
    this.attempts.fill(0);
    this.started.fill(NaN);
    this.ended.fill(NaN);
    this.version++;
  }

  stateName(i: number): string { return this.stateNames[this.states[i]!] ?? 'NotStarted'; }

  colour(i: number): string { return this.colours[this.states[i]!] ?? 'white'; }

  /** The step whose cell holds a point in layout units (columns, rows), or -1. */
  at(column: number, row: number): number {
    if (column < 0 || row < 0 || column >= this.columns || row >= this.rows) return -1;
    return this.cells[column * this.rows + row]!;
  }

  /** Marks every step upstream (direction -1), downstream (+1) or both (0) of a step, the step included. */
  reach(from: number, direction: -1 | 0 | 1, mark = new Uint8Array(this.n)): Uint8Array {
    if (direction <= 0) this.walk(from, this.predStart, this.predList, mark);
    if (direction >= 0) this.walk(from, this.succStart, this.succList, mark);
    return mark;
  }

  /** Marks the failed steps and everything downstream of them: what they blocked. */
  failedAndBlocked(): Uint8Array {
    const failed = this.stateNames.indexOf('Failed');
    const mark = new Uint8Array(this.n);
    for (let i = 0; i < this.n; i++) {
      if (this.states[i] === failed && !mark[i]) this.walk(i, this.succStart, this.succList, mark);
    }
    return mark;
  }

  private walk(from: number, start: Int32Array, list: Int32Array, mark: Uint8Array): void {
    const stack = [from];
    mark[from] = 1;
    while (stack.length) {
      const i = stack.pop()!;
      for (let k = start[i]!; k < start[i + 1]!; k++) {
        const j = list[k]!;
        if (!mark[j]) { mark[j] = 1; stack.push(j); }
      }
    }
  }

  // Compressed adjacency: for each step, its neighbours' indices side by side in one array.
  private csr(key: 0 | 1, value: 0 | 1): [Int32Array, Int32Array] {
    const start = new Int32Array(this.n + 1);
    for (let e = 0; e < this.edges.length; e += 2) start[this.edges[e + key]! + 1]!++;
    for (let i = 0; i < this.n; i++) start[i + 1]! += start[i]!;
    const fill = start.slice(0, this.n);
    const list = new Int32Array(this.edges.length / 2);
    for (let e = 0; e < this.edges.length; e += 2) list[fill[this.edges[e + key]!]!++] = this.edges[e + value]!;
    return [start, list];
  }
}
