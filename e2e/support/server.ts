/** The reference server started by global-setup, on two origins (two sites) of one port. */
const port = () => process.env.E2E_PORT!;
export const A = () => `http://localhost:${port()}`;
export const B = () => `http://127.0.0.1:${port()}`;

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${B()}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers ?? {}) },
  });
  return response.headers.get('content-type')?.includes('json') ? response.json() : response.text();
}

export interface Stats {
  revokes: number;
  keepalives: number;
  unauthorized: number;
  requests: number;
  perToken: Record<string, { requests: number; keepalives: number; revokes: number; unauthorized: number }>;
}

export const stats = (): Promise<Stats> => call('/__stats');
export const resetStats = () => call('/__stats/reset', { method: 'POST' });
export const advanceServer = (advanceMs: number) => call('/__clock', { method: 'POST', body: JSON.stringify({ advanceMs }) });
export const setServerClock = (set: number) => call('/__clock', { method: 'POST', body: JSON.stringify({ set }) });
export const touch = (token: string) => call('/__touch', { method: 'POST', body: JSON.stringify({ token }) });
export async function signIn(user: string): Promise<string> {
  const body = await call('/api/v2/login', { method: 'POST', body: JSON.stringify({ user }) });
  return body.access_token;
}
export async function setTimeoutSeconds(adminToken: string, idleTokenTimeoutSeconds: number, hipaa = false) {
  return call('/api/v2/tokens/timeout', {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds, hipaa }),
  });
}
