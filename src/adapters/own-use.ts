import type { Runtime } from '../types/runtime';

/**
 * When this page last used its token in a way that is not activity: excluded (background) requests and
 * keepalives. The server cannot tell those from use elsewhere, so the server clock must not adopt them.
 */
export const ownUse = new WeakMap<Runtime, number>();
