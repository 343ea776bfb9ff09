import { kvStore } from '../storage';

/** Routes and drafts: `idle-logout-memory`/`routes`, or memory where IndexedDB fails. */
export const withStore = kvStore('idle-logout-memory', 'routes');

let pageId: string | undefined;
/** This tab's id: kept in sessionStorage, so it survives a reload (or a sign-in redirect) of this tab only. */
export function tabId(): string {
  const k = 'idle-logout-tab';
  try {
    return sessionStorage[k] || (sessionStorage[k] = Math.random().toString(36).slice(2));
  } catch {
    return (pageId ||= Math.random().toString(36).slice(2));
  }
}

/** A stored record: the person's hash (`''` when unbound), when it expires, the value. */
export interface Rec {
  u: string;
  x: number;
  v: unknown;
}

/** Records read back are untrusted: the right shape, this person, not expired, not from the far future. */
export const fresh = (r: unknown, u: string, now: number, maxAge: number): r is Rec =>
  !!r && typeof r == 'object' && (r as Rec).u === u && (r as Rec).x > now && (r as Rec).x <= now + maxAge;
