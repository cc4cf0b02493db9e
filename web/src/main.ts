// The page's entry: the address decides the view (/ui/ the runs, /ui/runs/{id} a run), links move between
// them without reloading, and a token given in the address once is dropped from it (the server has set
// the cookie by then).
import { showRuns } from './runs/list';
import { showRun } from './run/page';
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
  const code = new URLSearchParams(location.search).get('code');
  history.pushState(null, '', code ? `${path}${path.includes('?') ? '&' : '?'}code=${encodeURIComponent(code)}` : path);
  route();
}

const params = new URLSearchParams(location.search);
if (params.has('token')) {
  params.delete('token');
  history.replaceState(null, '', location.pathname + (params.toString() ? `?${params}` : ''));
}
window.addEventListener('popstate', route);
document.querySelector('.brand')?.addEventListener('click', e => { e.preventDefault(); navigate('/ui/'); });
route();
