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
   * Asked before the warning and before an idle logout (`session` is what it would be): `true` holds the change back
   * while the feature finds out more (server clock: asks the server before a logout; tab sync: a page back from the
   * back/forward cache re-reads the shared state), and the feature dispatches again with the answer (or without one:
   * fail closed). Composed: held back if any feature says `true`.
   */
  confirmIdle(session: Session): boolean | undefined;
  /**
   * Whether this tab leads the person back after a logout shared by several tabs (the `logout` event's `lead`).
   * Composed: this tab leads unless some feature says `false`.
   */
  lead(): boolean | undefined;
  /**
   * A promise while this tab cannot yet tell whether the token is still live (tab sync: the shared record is not read
   * yet), settled once it can (or after a bounded wait: then the session's own state decides, fail closed);
   * `undefined` when nothing is pending. Composed: every pending promise (see `Runtime.ready`). Asked only of features
   * that offer it as they start (a lazy chunk's hooks come too late to hold the first requests anyway).
   */
  ready(): Promise<unknown> | undefined;
}

/**
 * What `createIdleLogout` hands each feature: the session, its events and the composed hooks. Read-only for
 * features: they change the session only through `dispatch`.
 */
export interface Runtime {
  readonly options: IdleLogoutOptions;
  now(): number;
  /** The current token's session as last adopted: a pure read (no `getToken()`, no dispatch, nobody notified). */
  session(): Session | undefined;
  /**
   * Re-reads `getToken()` and adopts a changed token (a renewal keeps the clock, anything else starts a new session):
   * the one place token changes are noticed. Call it where the outside world comes in (a request with a token we do
   * not know, a timer, a page event, a public method); returns the session. From inside a watcher the adoption runs
   * after the current change (the notification queue), so the session returned is still the one being notified.
   */
  refresh(): Session | undefined;
  /** The raw token of the current session (no re-read of getToken): memory only, never stored, posted or logged. */
  token(): string | undefined;
  /**
   * The sign-in session the token belongs to (`sessionOf`, else the token itself): what tabs share a clock, an
   * election and a revoke by, hashed before it leaves memory. A renewal of the same session keeps it.
   */
  key(): string | undefined;
  /** Feeds the state machine and acts on its effects. */
  dispatch(event: SessionEvent): void;
  /**
   * Records activity now (`dispatch` + the `activity` event) for the current session, without re-reading the token:
   * the per-request hot path (no getToken(), no hashing, no I/O). Input from outside calls `refresh()` first.
   * `method`, `url`: an API request's method and absolute URL, for the event (apart: no object per request).
   */
  record(source: ActivitySource, method?: string, url?: string): void;
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
  /** Every request that carries the current token, after the session saw it; features' own requests are reported with `sent`. */
  onRequest(fn: (request: RequestInfo) => void): () => void;
  /**
   * A request with the current token left: the requests feature's (`counted` per `activity.api`), or a feature's own
   * (keepalive: `counted` false, not activity, but the server saw the token).
   */
  sent(url: string, counted: boolean): void;
  /** The hooks, composed over every feature (see `Hooks`); `confirmIdle` is the shell's own business. */
  acts(): boolean | null;
  lead(): boolean;
  /** Settles once no feature's `Hooks.ready` is pending (never rejects); `undefined`, allocating nothing, when none is. */
  ready(): Promise<void> | undefined;
}

/** A session watcher (`Runtime.onChange`). */
export type Watcher = (session: Session | undefined, prev: Session | undefined, event?: SessionEvent) => void;

/** The public methods the shell itself provides (`create-idle-logout.ts`). */
export type ShellMethod = 'state' | 'remainingMs' | 'extend' | 'hold' | 'logout' | 'canRenew' | 'on' | 'destroy';
/**
 * The public methods that features add (route and draft memory, `logoutAt`, `explain`, `subscribe`/`getSnapshot`):
 * every other member of `IdleLogout`, so a method added there is a compile error until one feature provides it.
 */
export type ApiMethod = Exclude<keyof IdleLogout, ShellMethod>;

/**
 * What a running feature gives back: how to stop it, what it offers the core, and exactly the public methods `K` it
 * adds (none by default).
 */
export type FeatureInstance<K extends ApiMethod = never> = {
  stop(): void;
  hooks?: Partial<Hooks>;
} & ([K] extends [never] ? { api?: undefined } : { api: Pick<IdleLogout, K> & { [M in Exclude<keyof IdleLogout, K>]?: never } });

/**
 * The one contract every feature has: started once per instance with the runtime, returns its instance (or
 * nothing when it is not configured; a feature that adds methods `K` always returns them). Features are listed once,
 * in `src/features/index.ts`.
 */
export type Feature<K extends ApiMethod = never> = (rt: Runtime) => FeatureInstance<K> | ([K] extends [never] ? void : never);

/** A feature whatever methods it adds: what a feature list holds. */
export type AnyFeature = (rt: Runtime) => { stop(): void; hooks?: Partial<Hooks>; api?: Partial<Pick<IdleLogout, ApiMethod>> } | void;

type KeysOfApi<I> = I extends { api: infer A } ? { [M in keyof A]-?: undefined extends A[M] ? never : M }[keyof A] : never;
/** The public methods a feature (or a union of them) adds: its `K`. */
export type MethodsOf<F> = F extends (rt: Runtime) => infer I ? KeysOfApi<I> : never;
type Doubled<L, Seen = never> = L extends readonly [infer H, ...infer R] ? (MethodsOf<H> & Seen) | Doubled<R, Seen | MethodsOf<H>> : never;
/**
 * What a feature list gets wrong about the public methods: `missing` (no feature adds them) and `doubled` (more
 * than one does); both `never` when it adds each exactly once. `FEATURES` is checked with it (`features/index.ts`).
 */
export type ApiCheck<L extends readonly AnyFeature[]> = { missing: Exclude<ApiMethod, MethodsOf<L[number]>>; doubled: Doubled<L> };
