import type { Session, SessionEvent } from '../core/session';
import type { ActivityEvent, IdleEvents, IdleLogoutOptions } from './options';

/**
 * What `createIdleLogout` hands each adapter (input, wake-up checks, revoke, tab sync, frames…).
 * Adapters are functions `(rt: Runtime) => dispose`, one file per concern.
 */
export interface Runtime {
  readonly options: IdleLogoutOptions;
  now(): number;
  /** The current token's session, after re-reading `getToken()`. */
  session(): Session | undefined;
  /** The raw token of the current session (no re-read of getToken): memory only, never stored, posted or logged. */
  token(): string | undefined;
  /** Feeds the state machine and acts on its effects. */
  dispatch(event: SessionEvent): void;
  /** Records activity now (`dispatch` + the `activity` event). */
  activity(source: ActivityEvent['source']): void;
  emit<K extends keyof IdleEvents>(name: K, event: IdleEvents[K]): void;
  /** The public events, for adapters that react to them (UI, keepalive). */
  on<K extends keyof IdleEvents>(name: K, handler: (event: IdleEvents[K]) => void): () => void;
  /** Reports a degraded feature once per `code` through the `error` event. */
  fail(code: string, error: unknown): void;
  /** Runs after every change of the session, and with `event` undefined when the token changes. */
  onChange(fn: (session: Session | undefined, prev: Session | undefined, event?: SessionEvent) => void): () => void;
  /** Whether this tab sends the requests that must go once per token (revoke, keepalive). Tab sync replaces it with leadership. */
  acts: () => boolean;
  /**
   * Set by the server-clock adapter: asked before an idle logout; `true` holds it back while the server
   * is asked, and the adapter dispatches again with the answer (or without one: fail closed).
   */
  confirmIdle?: (session: Session) => boolean;
}

export type Adapter = (rt: Runtime) => (() => void) | void;
