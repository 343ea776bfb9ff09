import { LOGOUT_REASONS, type LogoutReason } from '../types/vocabulary';

/**
 * What dedicated workers (`connectWorker()`) and the page's instances (`workers: true`) tell each other over one
 * same-origin BroadcastChannel. A token appears only as its hash; URLs never carry it (it is a header).
 */
export const WORKER_CHANNEL = 'idle-logout:workers';

export type WorkerMessage =
  /** A worker started: pages answer with the tokens they have logged out. */
  | { v: 1; type: 'hello' }
  /** A worker sent a request with the token: activity for the page's filter to judge. */
  | { v: 1; type: 'activity'; hash: string; method: string; url: string }
  /** The server answered a worker's request with a 401. */
  | { v: 1; type: 'unauthorized'; hash: string }
  /** A page logged the token out: workers refuse it from now on. */
  | { v: 1; type: 'logged-out'; hash: string; reason: LogoutReason };

const str = (v: unknown): v is string => typeof v === 'string' && v.length < 8192;

/** The message, if it is one of ours and well formed (anything same-origin may post on the channel). */
export function parseWorkerMessage(data: unknown): WorkerMessage | undefined {
  const m = data as Record<string, unknown> | null;
  if (!m || typeof m !== 'object' || m.v !== 1) return;
  if (m.type === 'hello') return m as WorkerMessage;
  if (!str(m.hash)) return;
  if (m.type === 'unauthorized') return m as WorkerMessage;
  if (m.type === 'activity' && str(m.method) && str(m.url)) return m as WorkerMessage;
  if (m.type === 'logged-out' && LOGOUT_REASONS.includes(m.reason as LogoutReason)) return m as WorkerMessage;
}
