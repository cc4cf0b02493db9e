// What the browser tests read to measure the page (issue 20's targets): each frame's drawing time, when
// the graph was first painted in colour, and when each batch of changes was applied.
export interface PagePerf {
  frames: number[];
  painted: number;
  applied: { at: number; steps: number; frame?: number }[];
  /** Where a step is drawn on the graph's canvas (CSS pixels), or null: for checking its colour there. */
  where?: (step: string) => { x: number; y: number } | null;
  selected?: () => string | null;
}
export const perf: PagePerf = { frames: [], painted: 0, applied: [] };
(window as unknown as { __bazaar: PagePerf }).__bazaar = perf;
