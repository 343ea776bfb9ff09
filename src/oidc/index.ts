import type { User, UserManager } from 'oidc-client-ts';
import { createWith } from '../create-idle-logout';
import { IdleLogoutError } from '../errors/idle-logout-error';
import { FEATURES } from '../features/index';
import type { Revocation } from '../features/revoke-send';
import type { IdleLogout, IdleLogoutOptions } from '../types/options';
import type { Feature } from '../types/runtime';

/** `connectOidcClient`'s options: every `createIdleLogout` option but `getToken` (the adapter reads the user's token). */
export type OidcIdleLogoutOptions = Omit<IdleLogoutOptions, 'getToken'>;

/**
 * Set, origin-wide, when an idle logout ended the sign-in: the next sign-in must show the login form. Holds the ended
 * sign-in's `auth_time` (the provider's clock, so no skew): a user signed in later clears it, and so does any
 * completed interactive sign-in (`signinRedirectCallback`, `signinPopup`, `signinCallback`).
 */
const LOGIN = 'idle-logout:oidc:login';

const storage = (): Storage | undefined => {
  try {
    return localStorage;
  } catch {
    // A frame with storage blocked: the flag lives as long as the page.
  }
};
/**
 * Changed whenever an idle logout ends a sign-in: part of every session key, so the next sign-in is a new session even
 * where the provider keeps its `sid` (node-oidc-provider does across a `prompt=login`) and the ID token has no
 * `auth_time`, and the ended session's logout, still in the tabs' shared record, does not end it at once.
 */
const GENERATION = 'idle-logout:oidc:generation';

/** A value kept origin-wide in localStorage, and in memory where storage is blocked (a cross-site frame). */
function stored(name: string) {
  let memory: string | null = null;
  return {
    get: () => storage()?.getItem(name) ?? memory,
    set(v: string | null) {
      memory = v;
      try {
        v === null ? storage()?.removeItem(name) : storage()?.setItem(name, v);
      } catch {
        // Quota or blocked: the memory copy still holds for this page.
      }
    },
  };
}
const flag = stored(LOGIN);
const generation = stored(GENERATION);

/** Reported (`revoke`) at a logout where the provider's discovery metadata has no `revocation_endpoint` (Microsoft Entra ID). */
const NO_ENDPOINT =
  'revoke: the provider publishes no revocation_endpoint, so the tokens could not be revoked at logout (they stay valid until they expire); to revoke them another way, pass `revoke` to connectOidcClient';

/** The sign-in session a user's tokens belong to: the ID token's `sid` (else `session_state`), when it began, and the generation. */
const sessionOf = (u: User) => `${u.profile.sid ?? u.session_state ?? ''} ${u.profile.sub} ${u.profile.auth_time ?? ''} ${generation.get() ?? ''}`;

/**
 * An idle logout for an app signed in with oidc-client-ts: the idle clock belongs to the sign-in session (the ID
 * token's `sid`), so renewals in any tab keep it and tabs holding their own tokens share it. It
 * - reads the access token from the `UserManager`'s user (its events, and for a `localStorage` user store shared by
 *   the tabs, the other tabs' changes);
 * - gates renewals, whatever `automaticSilentRenew` says: none from the warning on or while logged out
 *   (`signinSilent` is refused then), and with a shared user store only the acting tab renews (the others pick the
 *   renewed user up from the store);
 * - at logout revokes the refresh token, then the access token (RFC 7009 at the provider's `revocation_endpoint`,
 *   `revokeAheadMs` (2 s) before the deadline; with a shared store from the acting
 *   tab only, else each tab its own), unless `revoke` is given, and removes the user; a provider that publishes no
 *   `revocation_endpoint` (Microsoft Entra ID) gets nothing, and the `error` event (`revoke`) says the tokens stay valid;
 * - makes the next sign-in ask for credentials again when the sign-in session ended (`endSession`): `signinRedirect`
 *   and `signinPopup` send `prompt=login`, `signinSilent` is refused, until an interactive sign-in succeeded.
 *
 * @example
 * const userManager = new UserManager({ authority, client_id, redirect_uri });
 * const idle = connectOidcClient(userManager, { timeoutMs: 30 * 60_000, ui: true, route: true });
 */
export function connectOidcClient(userManager: UserManager, options: OidcIdleLogoutOptions): IdleLogout {
  const um = userManager;
  let user: User | null = null;
  const sids = new Map<string, string>();
  const take = (u: User | null) => {
    user = u;
    if (u) {
      if (sids.size > 16) sids.clear();
      sids.set(u.access_token, sessionOf(u));
      // Signed in after the idle logout that asked for credentials: silent sign-ins may go ahead again.
      const ended = flag.get();
      if (ended && (u.profile.auth_time ?? 0) > Number(ended)) flag.set(null);
    }
  };
  let shared = false;
  try {
    shared = (um.settings.userStore as unknown as { _store?: unknown })._store === storage();
  } catch {
    // No storage at all: each tab is on its own.
  }

  const adapter: Feature = (rt) => {
    const changed = (u: User | null) => void (take(u), rt.refresh());
    const offs = [um.events.addUserLoaded(changed), um.events.addUserUnloaded(() => changed(null))];
    // Another tab renewed (or removed) the shared user: read it again.
    const onStorage = (e: StorageEvent) => e.key?.startsWith('oidc.') && um.getUser().then(changed, () => {});
    if (shared) addEventListener('storage', onStorage);
    um.getUser().then((u) => user || changed(u), (error) => rt.fail('get-token', error));

    /** Whether this tab may renew now: the session allows it, and with a shared store this is the acting tab. */
    const mayRenew = () => /^(active|held)$/.test(rt.session()?.state ?? '') && (!shared || rt.acts() === true);
    const own = { signinSilent: um.signinSilent, signinRedirect: um.signinRedirect, signinPopup: um.signinPopup, signinRedirectCallback: um.signinRedirectCallback, signinCallback: um.signinCallback };
    const signedIn = <T>(u: T) => (flag.set(null), u);
    Object.assign(um, {
      signinSilent(args?: Parameters<UserManager['signinSilent']>[0]) {
        if (flag.get()) return Promise.reject(Error('idle-logout: the sign-in session ended at an idle logout: sign in interactively (signinRedirect)'));
        // Re-checked against the clock now: a hidden tab's timer may not have moved it into the warning yet.
        if (rt.refresh()) rt.dispatch({ type: 'tick' });
        return user && !mayRenew() ? Promise.reject(Error('idle-logout: no renewal now (idle, or another tab renews)')) : own.signinSilent.call(um, args);
      },
      signinRedirect: (args?: Parameters<UserManager['signinRedirect']>[0]) => own.signinRedirect.call(um, flag.get() ? { ...args, prompt: 'login' } : args),
      signinPopup: (args?: Parameters<UserManager['signinPopup']>[0]) => own.signinPopup.call(um, flag.get() ? { ...args, prompt: 'login' } : args).then(signedIn),
      signinRedirectCallback: (url?: string) => own.signinRedirectCallback.call(um, url).then(signedIn),
      signinCallback: (url?: string) => own.signinCallback.call(um, url).then(signedIn),
    });
    let renewing: boolean | undefined;
    const renewals = () => {
      const on = um.settings.automaticSilentRenew && mayRenew();
      if (on !== renewing) (renewing = on) ? um.startSilentRenew() : um.stopSilentRenew();
    };

    /**
     * A logout's cleanup: revoke the tokens read at the logout (unless the app revokes), then forget the user. The
     * revocations go through the SDK's own RFC 7009 sender (refresh token first, retried, failures reported with
     * status and URL), not `revokeTokens`: that one rejects a provider's valid empty `text/plain` answer and then
     * skips the access token. `all` is what the logout read: a revoke deferred while the election was undecided still
     * has the tokens when the app removed the user meanwhile.
     */
    let sender: Promise<{ logout(token: string, all: Revocation[], acts: true, at: number): void; stop(): void } | undefined> | undefined;
    /** The sender, or none where the provider publishes no revocation endpoint. A failure to load is not kept: the next logout tries again. */
    const load = () => {
      const p = (sender ??= um.metadataService.getRevocationEndpoint().then(async (endpoint) => {
        if (!endpoint) return undefined;
        const m = await import('../features/revoke-send');
        return m.start(rt, { oauth: { endpoint, clientId: um.settings.client_id, tokens: () => ({}) } });
      }));
      p.catch(() => sender === p && (sender = undefined));
      return p;
    };
    function end(all: Revocation[]): void {
      const token = all.find(([, hint]) => hint === 'access_token')?.[0];
      if (!options.revoke && token)
        load()
          .then((s) => (s ? s.logout(token, all, true, rt.now()) : rt.fail('revoke', new IdleLogoutError('revoke', NO_ENDPOINT))))
          .catch((error) => rt.fail('revoke', error));
      um.removeUser().catch((error) => rt.fail('revoke', error));
    }
    /** With a shared store, a logout seen while the election was under way: ended if elected within a moment. */
    let owed: [Revocation[], number] | undefined;

    const off = rt.onChange((s, prev, event) => {
      renewals();
      if (event?.type === 'decided' && owed && rt.now() - owed[1] < 5000 && rt.acts()) end(owed[0]);
      if (event?.type === 'decided') owed = undefined;
      if (s?.state !== 'logged-out' || prev?.state === 'logged-out' || s === prev) return;
      if (s.reason !== 'revoked') {
        flag.set(String(user?.profile.auth_time ?? 0));
        generation.set(Math.random().toString(36).slice(2));
      }
      if (s.reason === 'signed-out' || !user) return;
      // Read now: removing the user (here or in another tab) drops them.
      const all: Revocation[] = [[user.refresh_token!, 'refresh_token'], [user.access_token, 'access_token']];
      // A shared store holds one user for every tab: the acting tab ends it. Else each tab ends its own.
      const acts = !shared || rt.acts();
      if (acts) end(all);
      else if (acts === null) {
        const mine: typeof owed = (owed = [all, rt.now()]);
        // Still undecided a second on: no elected tab answered (it would have at once); a second revoke is harmless.
        setTimeout(() => owed === mine && rt.acts() !== false && ((owed = undefined), end(all)), 1000);
      }
    });
    renewals();
    return {
      stop() {
        off();
        sender?.then((s) => s?.stop(), () => {});
        offs.forEach((f) => f());
        removeEventListener('storage', onStorage);
        Object.assign(um, own);
      },
    };
  };

  // The adapter acts on a change after the SDK's own features, before `subscribe` listeners and the app's handlers.
  const list = [...FEATURES.slice(0, -1), adapter, FEATURES[FEATURES.length - 1]];
  return createWith(
    {
      ...options,
      // The adapter revokes (unless `revoke` is given): its revoke must reach a token the server still holds.
      revokeAheadMs: options.revokeAheadMs ?? 2000,
      getToken: () => user?.access_token,
      sessionOf: (token) => sids.get(token),
    },
    list,
  );
}
