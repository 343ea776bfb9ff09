/**
 * The lazy chunks that the eager features load, by name, in one small chunk of its own: each `import()` costs the
 * initial import the chunk's (hashed) file name, so it holds this table's one instead of one per chunk, for one
 * more small request before the first of them loads. Features loaded only with their option are named after it.
 */
export const CHUNKS = {
  recorder: () => import('./explain/recorder'),
  transport: () => import('./sync/transport'),
  wake: () => import('./wake'),
  lead: () => import('./lead'),
  input: () => import('./input'),
  timeoutFrom: () => import('./server-policy'),
  heartbeat: () => import('./heartbeat'),
  workers: () => import('./workers'),
  keepalive: () => import('./keepalive'),
  serverClock: () => import('./server-clock'),
  schedule: () => import('./shift'),
  ui: () => import('./ui'),
  revoke: () => import('./revoke'),
  memory: () => import('./memory/memory'),
  unseen: () => import('./requests/unseen'),
};
