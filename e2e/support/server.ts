import { referenceClient } from './reference.mjs';

/** The reference server started by global-setup, on two origins (two sites) of one port. */
const client = referenceClient(() => process.env.E2E_PORT!);
export const A: () => string = client.A;
export const B: () => string = client.B;

/** What `GET /__stats` answers (demo/server/stats.mjs): counts only, tokens named by their hash prefix. */
export interface Stats {
  revokes: number;
  keepalives: number;
  unauthorized: number;
  requests: number;
  /** Tokens that reached their idle timeout. */
  expiries: number;
  /** `user`: who the token was issued to, once a request with it named them. */
  perToken: Record<string, { requests: number; keepalives: number; revokes: number; unauthorized: number; user?: string }>;
}

export const stats = (): Promise<Stats> => client.stats();
export const resetStats = () => client.resetStats();
export const advanceServer = (advanceMs: number) => client.advanceServer(advanceMs);
export const setServerClock = (set: number) => client.setServerClock(set);
export const touch = (token: string) => client.touch(token);
export const signIn = (user: string): Promise<string> => client.signIn(user);
export const setTimeoutSeconds = (adminToken: string, idleTokenTimeoutSeconds: number, hipaa = false) =>
  client.setTimeoutSeconds(idleTokenTimeoutSeconds, hipaa, adminToken);
