// BazaarCI's state colours, as GraphRenderer draws them in the DOT view. The layout route sends the
// server's own list; this one is for the runs list, which has no layout.
export const STATES = ['NotStarted', 'Waiting', 'Running', 'Succeeded', 'Failed', 'Skipped', 'Cached', 'Cancelled', 'Reused'];
export const COLOURS = ['gray', 'yellow', 'aqua', 'green', 'red', 'orange', 'violet', 'brown', 'darkseagreen'];
export const colourOf = (state: string) => COLOURS[STATES.indexOf(state)] ?? 'white';
export const RUN_STATES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Cancelled', 'Error'];
