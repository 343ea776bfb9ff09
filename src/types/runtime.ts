import type { IdleEvents, IdleLogout, IdleLogoutOptions } from './options';
import type { Session, SessionEvent } from './session';
import type { ActivitySource, ErrorCode } from './vocabulary';

/** A request carrying the current token, seen by the shell after the session took it into account. */
export interface RequestInfo {
  url: string;
  /** Whether it counted as activity (`activity.api`); excluded polling and the SDK's own keepalive do not. */
  counted: boolean;
}

/**
 * What a feature may offer the core. Each hook is composed over every feature that offers it, in the way its
 * comment states, so no feature can overwrite another's. `undefined` means "no opinion".
 */
export interface Hooks {
  /**
   * Whether this tab sends the requests that go once per sign-in session (revoke, keepalive): tab sync's elected
   * tab; `null` while its election is under way (a logout then is acted on once it is decided: the `decided` signal).
   * Composed: `false` from any feature wins, then `null`, else this tab acts.
   */
  acts(): boolean | null | undefined;
  /**
   * Asked before an idle logout: `true` holds it back while the server is asked (server clock), and the feature
   * dispatches again with the answer (or without one: fail closed). Composed: held back if any feature says `true`.
   */
  confirmIdle(session: Session): boolean | undefined;
  /**
   * Whether this tab leads the person back after a logout shared by several tabs (the `logout` event's `lead`).
   * Composed: this tab leads unless some feature says `false`.
   */
  lead(): boolean | undefined;
}

/**
 * What `createIdleLogout` hands each feature: the session, its events and the composed hooks. Read-only for
 * features: they change the session only through `dispatch`.
 */
export interface Runtime {
  readonly options: IdleLogoutOptions;
  now(): number;
  /** The current token's session, after re-reading `getToken()`. */
  session(): Session | undefined;
  /** The same without re-reading the token: for hot paths that already know the token is current. */
  peek(): Session | undefined;
  /** The raw token of the current session (no re-read of getToken): memory only, never stored, posted or logged. */
  token(): string | undefined;
  /**
   * The sign-in session the token belongs to (`sessionOf`, else the token itself): what tabs share a clock, an
   * election and a revoke by, hashed before it leaves memory. A renewal of the same session keeps it.
   */
  key(): string | undefined;
  /** Feeds the state machine and acts on its effects. */
  dispatch(event: SessionEvent): void;
  /** Records activity now (`dispatch` + the `activity` event), after re-reading the token. */
  activity(source: ActivitySource): void;
  /** The same without re-reading the token: the per-request hot path (no getToken(), no hashing, no I/O). `request`: an API request's method and absolute URL, for the event. */
  record(source: ActivitySource, request?: { method: string; url: string }): void;
  emit<K extends keyof IdleEvents>(name: K, event: IdleEvents[K]): void;
  /** The public events, for features that react to them (UI, keepalive). */
  on<K extends keyof IdleEvents>(name: K, handler: (event: IdleEvents[K]) => void): () => void;
  /** Reports a degraded feature once per `code` through the `error` event. */
  fail(code: ErrorCode, error: unknown): void;
  /**
   * Runs after every change of the session, with `event` undefined when a new sign-in session starts (or none is left),
   * `renew` when the token changed within the same session. Watchers run in `FEATURES` order, before the app's own
   * listeners; a dispatch from inside one runs after the current one finished.
   */
  onChange(fn: Watcher): () => void;
  /** Every request that carries the current token, after the session saw it; features' own requests are reported with `used`. */
  onRequest(fn: (request: RequestInfo) => void): () => void;
  /**
   * A request with the current token left: the requests feature's (`counted` per `activity.api`), or a feature's own
   * (keepalive: `counted` false, not activity, but the server saw the token).
   */
  sent(url: string, counted: boolean): void;
  /** The hooks, composed over every feature (see `Hooks`). */
  acts(): boolean | null;
  confirmIdle(session: Session): boolean;
  lead(): boolean;
}

/** A session watcher (`Runtime.onChange`). */
export type Watcher = (session: Session | undefined, prev: Session | undefined, event?: SessionEvent) => void;

/** What a running feature gives back: how to stop it, and what it adds to the public object or offers the core. */
export interface FeatureInstance {
  stop(): void;
  api?: Partial<IdleLogout>;
  hooks?: Partial<Hooks>;
}

/**
 * The one contract every feature has: started once per instance with the runtime, returns its instance (or
 * nothing when it is not configured). Features are listed once, in `src/features/index.ts`.
 */
export type Feature = (rt: Runtime) => FeatureInstance | void;
