// The app's own dedicated worker: bundled with idle-logout/worker by e2e/iife.spec.ts (as an app's build would) and
// served as one classic script, /app-worker.js.
import { connectWorker } from 'idle-logout/worker';

connectWorker();
self.onmessage = ({ data: { token, path } }) =>
  fetch(path, { headers: { Authorization: `Bearer ${token}` } }).then((r) => postMessage(r.status), (e) => postMessage(e.name));
postMessage('ready');
