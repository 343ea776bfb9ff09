// A dedicated module worker that calls the API with the token the page hands it, through idle-logout/worker.
import { connectWorker } from '/dist/worker.mjs';

connectWorker();

const call = (kind, token, path) =>
  kind === 'fetch'
    ? fetch(path, { headers: { Authorization: `Bearer ${token}` } }).then((r) => r.status, (e) => e.name)
    : new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('GET', path);
        xhr.setRequestHeader('Authorization', `Bearer ${token}`);
        xhr.onload = () => resolve(xhr.status);
        xhr.onerror = (e) => resolve(e.error?.name ?? 'error');
        xhr.send();
      });

self.onmessage = async ({ data: { id, kind, token, path } }) => postMessage({ id, result: await call(kind, token, path) });
postMessage({ ready: true });
