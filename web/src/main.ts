// The page's entry: the address decides the view (/ui/ the runs, /ui/runs/{id} a run), links move between
// them without reloading, and a token or key given in the address once is dropped from it (serve has set its
// cookie by then; the Function App's key is kept in session storage).
import { showRuns } from './runs/list';
import { showRun } from './run/page';
import { takeKeyFromAddress } from './api';
import './perf';

let leave: () => void = () => {};

function route(): void {
  leave();
  const main = document.getElementById('main')!;
  const where = document.getElementById('where')!;
  const match = /^\/ui\/runs\/([^/]+)\/?$/.exec(location.pathname);
  if (match) {
    const id = decodeURIComponent(match[1]!);
    where.textContent = ` / ${id}`;
    document.title = `${id} · Bazaar`;
    leave = showRun(main, id, navigate);
  } else {
    where.textContent = '';
    document.title = 'Runs · Bazaar';
    leave = showRuns(main, navigate);
  }
}

function navigate(path: string): void {
  history.pushState(null, '', path);
  route();
}

takeKeyFromAddress();
window.addEventListener('popstate', route);
document.querySelector('.brand')?.addEventListener('click', e => { e.preventDefault(); navigate('/ui/'); });
route();
