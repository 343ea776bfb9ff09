// Tokens, their idle timers and their users' presence. Pure arithmetic over an injected clock, so the
// server's test clock (and unit tests) decide what "now" is; the only I/O is randomness for new tokens.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { resolveTimeoutSeconds } from './policy.mjs';

/** How tokens are named outside this module: logs and stats must never hold the raw token. */
export const tokenHash = (/** @type {string} */ token) =>
  createHash('sha256').update(token).digest('hex').slice(0, 12);

const ORGANIZATION = { id: 'demo-org', name: 'idle-logout demo' };
const CLIENT = { id: 'demo-client', name: 'idle-logout reference server' };

/**
 * @typedef {'active' | 'idle' | 'revoked'} TokenState
 * @typedef {import('./policy.mjs').TimeoutSettings & { hipaa?: boolean }} Settings
 * @typedef {{ enableIdleTokenTimeout: boolean, idleTokenTimeoutSeconds: number } & Partial<Settings>} SettingsChange
 * @typedef {{
 *   id: string, name: string, admin: boolean, groups: string[], systemPresence: string, routingStatus: string, since: number }} User
 * @typedef {{ token: string, hash: string, user: User, issuedAt: number, lastUsedAt: number, state: TokenState, endedAt: number | null }} TokenRecord
 * @typedef {{
 *   user: { id: string, name: string, admin: boolean }, organization: { id: string, name: string },
 *   OAuthClient: { id: string, name: string }, authorizedScope: string[], tokenHash: string, state: TokenState,
 *   dateCreated: string, dateLastUsed: string, dateTokenIdles: string | null,
 *   enableIdleTokenTimeout: boolean, idleTokenTimeoutSeconds: number }} TokenInfo
 */

/**
 * @param {{
 *   now?: () => number,
 *   settings?: SettingsChange,
 *   groupsOf?: (name: string) => readonly string[],
 *   onExpire?: (info: TokenInfo) => void,
 * }} [options] `groupsOf` gives a new user's group ids by name (the demo has no directory to sync).
 *   `onExpire` hears each token's idle expiry once, whether found by a lookup or a sweep.
 */
export function createTokenStore({
  now = Date.now,
  settings = { enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 900 },
  groupsOf = () => [],
  onExpire = () => {},
} = {}) {
  /** @type {Settings} */
  let timeout = copy({ inactivityTimeoutGroupsEnabled: false, inactivityTimeoutGroupBundles: [], hipaa: false, ...settings });
  /** @type {Map<string, TokenRecord>} */
  const tokens = new Map();
  /** @type {Map<string, User>} by name */
  const users = new Map();

  /** When the token dies if nobody uses it again, by its person's timeout; null when the org has none. */
  const idlesAt = (/** @type {TokenRecord} */ record) => {
    const seconds = resolveTimeoutSeconds(timeout, record.user.groups);
    return seconds === null ? null : record.lastUsedAt + seconds * 1000;
  };

  const alive = (/** @type {TokenRecord} */ record) => {
    const at = idlesAt(record);
    return record.state === 'active' && (at === null || now() < at);
  };

  /**
   * Brings a record up to date: a token idle for the whole timeout dies at that moment, for good.
   * Every lookup goes through here, so expiry is seen even between sweeps.
   * @param {TokenRecord | undefined} record
   */
  function settle(record) {
    if (!record || record.state !== 'active' || alive(record)) return record;
    record.state = 'idle';
    record.endedAt = /** @type {number} */ (idlesAt(record));
    goOfflineIfLast(record.user, record.endedAt);
    onExpire(describe(record));
    return record;
  }

  /** As in Genesys Cloud, losing the session takes the agent off queue; another live token keeps them on. */
  function goOfflineIfLast(/** @type {User} */ user, /** @type {number} */ at) {
    for (const record of tokens.values()) if (record.user === user && alive(record)) return;
    // Tokens found dead out of order: presence changed when the last of them died.
    const since = user.systemPresence === 'Offline' ? Math.max(user.since, at) : at;
    Object.assign(user, { systemPresence: 'Offline', routingStatus: 'OFF_QUEUE', since });
  }

  /** @param {TokenRecord} record @returns {TokenInfo} */
  function describe(record) {
    const { id, name, admin } = record.user;
    const idles = record.state === 'active' ? idlesAt(record) : record.endedAt;
    return {
      user: { id, name, admin },
      organization: ORGANIZATION,
      OAuthClient: CLIENT,
      authorizedScope: [],
      tokenHash: record.hash,
      state: record.state,
      dateCreated: iso(record.issuedAt),
      dateLastUsed: iso(record.lastUsedAt),
      // A dead token keeps the moment it died, so it never looks alive again.
      dateTokenIdles: idles === null ? null : iso(idles),
      // The org's default, as Genesys shows it; `dateTokenIdles` already follows this person's group timeout.
      enableIdleTokenTimeout: timeout.enableIdleTokenTimeout,
      idleTokenTimeoutSeconds: timeout.idleTokenTimeoutSeconds,
    };
  }

  /** @returns {TokenRecord | undefined} the token's record if it is alive now */
  function live(/** @type {string} */ token) {
    const record = settle(tokens.get(token));
    return record?.state === 'active' ? record : undefined;
  }

  /** Signs `name` in (creating the user on first sight) and returns a new random token. */
  function issue(/** @type {string} */ name) {
    const at = now();
    let user = users.get(name);
    if (!user) {
      user = {
        id: randomUUID(), name, admin: name === 'admin', groups: [...groupsOf(name)],
        systemPresence: 'Available', routingStatus: 'IDLE', since: at,
      };
      users.set(name, user);
    }
    Object.assign(user, { systemPresence: 'Available', routingStatus: 'IDLE', since: at });
    const token = randomBytes(32).toString('base64url');
    tokens.set(token, { token, hash: tokenHash(token), user, issuedAt: at, lastUsedAt: at, state: 'active', endedAt: null });
    return token;
  }

  /** An API call with the token: if it is alive, restarts its idle timer. @returns {TokenInfo | null} */
  function use(/** @type {string} */ token) {
    const record = live(token);
    if (!record) return null;
    record.lastUsedAt = now();
    return describe(record);
  }

  /** Validates without restarting the idle timer (`?preserveIdleTTL=true`). @returns {TokenInfo | null} */
  function peek(/** @type {string} */ token) {
    const record = live(token);
    return record ? describe(record) : null;
  }

  /** Any token ever issued, alive or not (its `state` says which); null for a token never issued. */
  function info(/** @type {string} */ token) {
    const record = settle(tokens.get(token));
    return record ? describe(record) : null;
  }

  /** @returns {boolean} whether a live token was revoked */
  function revoke(/** @type {string} */ token) {
    const record = live(token);
    if (!record) return false;
    record.state = 'revoked';
    record.endedAt = now();
    goOfflineIfLast(record.user, record.endedAt);
    return true;
  }

  /** @returns {User | undefined} */
  const user = (/** @type {string} */ idOrName) =>
    users.get(idOrName) ?? [...users.values()].find((candidate) => candidate.id === idOrName);

  /** Revokes every live token of a user (by id or name). @returns {number | null} how many; null: no such user */
  function revokeUser(/** @type {string} */ idOrName) {
    const found = user(idOrName);
    if (!found) return null;
    let count = 0;
    for (const record of tokens.values()) if (record.user === found && revoke(record.token)) count++;
    return count;
  }

  /** Finds idle tokens nobody asked about, so presence flips even when no request comes. @returns {number} */
  function sweep() {
    let expired = 0;
    for (const record of tokens.values()) {
      if (record.state === 'active' && settle(record)?.state === 'idle') expired++;
    }
    return expired;
  }

  /** Fields `next` leaves out keep their value. @param {SettingsChange} next */
  function setSettings(next) {
    // Tokens that died under the old timeout stay dead: a raised timeout must not revive them.
    sweep();
    timeout = copy({ ...timeout, ...next });
  }

  return {
    issue,
    use,
    peek,
    info,
    revoke,
    revokeUser,
    sweep,
    setSettings,
    /** @returns {Settings} */
    settings: () => copy(timeout),
    user,
    /** Copies, after a sweep so presence is current. @returns {User[]} */
    users: () => (sweep(), [...users.values()].map((found) => ({ ...found, groups: [...found.groups] }))),
  };
}

const iso = (/** @type {number} */ ms) => new Date(ms).toISOString();

/** Settings in the order GET answers them, sharing no bundle array with a caller, who could change it unchecked. */
const copy = (/** @type {Settings} */ settings) => ({
  enableIdleTokenTimeout: settings.enableIdleTokenTimeout,
  idleTokenTimeoutSeconds: settings.idleTokenTimeoutSeconds,
  inactivityTimeoutGroupsEnabled: settings.inactivityTimeoutGroupsEnabled,
  inactivityTimeoutGroupBundles: settings.inactivityTimeoutGroupBundles.map((bundle) => ({ ...bundle, groups: [...bundle.groups] })),
  hipaa: settings.hipaa ?? false,
});
