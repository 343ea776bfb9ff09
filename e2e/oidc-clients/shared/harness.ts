// What both test apps expose to the specs (window.clientsApp) and read from them (window.__clientsTest). Never a token.
import type { IdleLogout } from 'idle-logout';

export interface ClientsTestConfig {
  /** The provider's origin (no trailing slash). */
  origin: string;
  clientId: string;
  api: string;
  timeoutMs: number;
  warnBeforeMs: number;
  /** okta only: the library's defaults (autoRemove) with autoRenew off, no renewal gate: what an app gets without the recipe. */
  oktaDefaults?: boolean;
}

export interface LogEntry {
  type: 'warning' | 'active' | 'logout' | 'error' | 'renew-allowed' | 'renew-refused' | 'removed' | 'expired-renewable' | 'expired-gated';
  at: number;
  reason?: string;
  lead?: boolean;
  endSession?: boolean;
  code?: string;
}

export interface TestApp {
  ready: boolean;
  log: LogEntry[];
  signIn(): Promise<void>;
  signedIn(): boolean;
  /** One API call with the current access token: the status (0 when the SDK refused it). */
  callApi(): Promise<number>;
  /** The app's own renewal attempt, gated like the library's (true: it went ahead). */
  renew(): Promise<boolean>;
  state(): string;
  canRenew(): boolean;
  /** "Stay signed in" (the warning dialog's button). */
  extend(): void;
}

declare global {
  interface Window {
    __clientsTest: ClientsTestConfig;
    clientsApp: TestApp;
  }
}

/** Records the SDK's events for the test (times and reasons only). */
export function record(idle: IdleLogout, log: LogEntry[]) {
  idle.on('warning', () => log.push({ type: 'warning', at: Date.now() }));
  idle.on('active', () => log.push({ type: 'active', at: Date.now() }));
  idle.on('logout', (e) => log.push({ type: 'logout', at: Date.now(), reason: e.reason, lead: e.lead, endSession: e.endSession }));
  idle.on('error', (e) => log.push({ type: 'error', at: Date.now(), code: e.code }));
}

export async function callApi(api: string, token: string | undefined): Promise<number> {
  try {
    const res = await fetch(`${api}/api/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return res.status;
  } catch {
    // The SDK refuses a logged-out token's requests: no status.
    return 0;
  }
}
