import { describe, expect, it } from 'vitest';
import { createTokenStore, tokenHash } from '../server/tokens.mjs';

const SECOND = 1000;

/** A store on a hand-moved clock, with a 900 s timeout unless told otherwise. */
function setup(settings = { enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 900 }) {
  let time = Date.UTC(2025, 0, 1);
  const expired = [];
  const store = createTokenStore({ now: () => time, settings, onExpire: (info) => expired.push(info) });
  return { store, expired, advance: (ms) => (time += ms), now: () => time };
}

const presence = (store, name) => {
  const user = store.users().find((candidate) => candidate.name === name);
  return [user.systemPresence, user.routingStatus];
};

describe('token store', () => {
  it('issues random 32-byte base64url tokens, signed in as Available / IDLE', () => {
    const { store } = setup();
    const a = store.issue('alice');
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(store.issue('alice')).not.toBe(a);
    expect(presence(store, 'alice')).toEqual(['Available', 'IDLE']);
    expect(store.peek(a)?.user).toMatchObject({ name: 'alice', admin: false });
    expect(store.peek(store.issue('admin'))?.user.admin).toBe(true);
  });

  it('keeps a token valid until just before the timeout and invalid at and after it', () => {
    const { store, advance } = setup();
    const token = store.issue('alice');
    advance(900 * SECOND - 1);
    expect(store.peek(token)).not.toBeNull();
    advance(1);
    expect(store.peek(token)).toBeNull();
    expect(store.use(token)).toBeNull();
    expect(store.info(token)?.state).toBe('idle');
  });

  it('use() restarts the idle timer and reports the new deadline', () => {
    const { store, advance, now } = setup();
    const token = store.issue('alice');
    advance(800 * SECOND);
    expect(store.use(token)?.dateTokenIdles).toBe(new Date(now() + 900 * SECOND).toISOString());
    advance(800 * SECOND);
    expect(store.peek(token)).not.toBeNull();
    advance(100 * SECOND);
    expect(store.peek(token)).toBeNull();
  });

  it('peek() validates without restarting the timer', () => {
    const { store, advance } = setup();
    const token = store.issue('alice');
    const deadline = store.peek(token)?.dateTokenIdles;
    advance(899 * SECOND);
    expect(store.peek(token)?.dateTokenIdles).toBe(deadline);
    advance(SECOND);
    expect(store.peek(token)).toBeNull();
  });

  it('an idle token stays dead when the timeout is raised afterwards, even if nobody looked in between', () => {
    const { store, advance } = setup({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 300 });
    const token = store.issue('alice');
    advance(301 * SECOND);
    store.setSettings({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 3600 });
    expect(store.use(token)).toBeNull();
    // …whereas a live token gets the new, longer timeout.
    const fresh = store.issue('bob');
    advance(1000 * SECOND);
    expect(store.use(fresh)).not.toBeNull();
  });

  it('lowering the timeout ends tokens already idle for longer', () => {
    const { store, advance } = setup();
    const token = store.issue('alice');
    advance(400 * SECOND);
    store.setSettings({ enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 300 });
    expect(store.peek(token)).toBeNull();
  });

  it('a revoked token stays revoked', () => {
    const { store, advance } = setup();
    const token = store.issue('alice');
    expect(store.revoke(token)).toBe(true);
    expect(store.use(token)).toBeNull();
    expect(store.revoke(token)).toBe(false);
    advance(SECOND);
    store.setSettings({ enableIdleTokenTimeout: false, idleTokenTimeoutSeconds: 900 });
    expect(store.peek(token)).toBeNull();
    expect(store.info(token)?.state).toBe('revoked');
  });

  it('revoking the last live token takes the user Offline too', () => {
    const { store } = setup();
    const [first, second] = [store.issue('alice'), store.issue('alice')];
    store.revoke(first);
    expect(presence(store, 'alice')).toEqual(['Available', 'IDLE']);
    store.revoke(second);
    expect(presence(store, 'alice')).toEqual(['Offline', 'OFF_QUEUE']);
  });

  it('revokeUser() revokes every live token of one user, by id or name', () => {
    const { store } = setup();
    const [a1, a2, b] = [store.issue('alice'), store.issue('alice'), store.issue('bob')];
    const id = store.peek(a1)?.user.id;
    expect(store.revokeUser(id)).toBe(2);
    expect([store.peek(a1), store.peek(a2)]).toEqual([null, null]);
    expect(store.peek(b)).not.toBeNull();
    expect(store.revokeUser('bob')).toBe(1);
    expect(store.revokeUser('nobody')).toBeNull();
  });

  it('on idle expiry the user goes Offline / OFF_QUEUE, found by a sweep with no lookup', () => {
    const { store, advance, expired } = setup();
    const token = store.issue('alice');
    advance(900 * SECOND);
    expect(store.sweep()).toBe(1);
    expect(expired.map((info) => [info.user.name, info.tokenHash])).toEqual([['alice', tokenHash(token)]]);
    expect(presence(store, 'alice')).toEqual(['Offline', 'OFF_QUEUE']);
    expect(store.sweep()).toBe(0);
    expect(expired).toHaveLength(1);
    // Signing in again brings them back.
    store.issue('alice');
    expect(presence(store, 'alice')).toEqual(['Available', 'IDLE']);
  });

  it('a lookup finds the expiry too, and reports it once', () => {
    const { store, advance, expired } = setup();
    const token = store.issue('alice');
    advance(901 * SECOND);
    expect(store.use(token)).toBeNull();
    expect(store.use(token)).toBeNull();
    expect(expired).toHaveLength(1);
    expect(presence(store, 'alice')).toEqual(['Offline', 'OFF_QUEUE']);
  });

  it('a user with another live token stays Available', () => {
    const { store, advance } = setup();
    const first = store.issue('alice');
    advance(600 * SECOND);
    const second = store.issue('alice');
    advance(300 * SECOND);
    expect(store.peek(first)).toBeNull();
    expect(presence(store, 'alice')).toEqual(['Available', 'IDLE']);
    advance(600 * SECOND);
    expect(store.peek(second)).toBeNull();
    expect(presence(store, 'alice')).toEqual(['Offline', 'OFF_QUEUE']);
  });

  it('with the timeout disabled tokens never idle out', () => {
    const { store, advance } = setup({ enableIdleTokenTimeout: false, idleTokenTimeoutSeconds: 900 });
    const token = store.issue('alice');
    advance(365 * 24 * 3600 * SECOND);
    expect(store.sweep()).toBe(0);
    expect(store.peek(token)).toMatchObject({ dateTokenIdles: null, enableIdleTokenTimeout: false });
    expect(presence(store, 'alice')).toEqual(['Available', 'IDLE']);
  });

  it('a person in a group bundle idles out by the bundle, others by the org default', () => {
    let time = Date.UTC(2025, 0, 1);
    const store = createTokenStore({
      now: () => time,
      settings: {
        enableIdleTokenTimeout: true,
        idleTokenTimeoutSeconds: 900,
        inactivityTimeoutGroupsEnabled: true,
        inactivityTimeoutGroupBundles: [{ priority: 1, timeoutSeconds: 3600, groups: ['monitoring'] }],
      },
      groupsOf: (name) => (name === 'supervisor' ? ['monitoring'] : []),
    });
    const [supervisor, agent] = [store.issue('supervisor'), store.issue('agent')];
    expect(store.peek(supervisor)?.dateTokenIdles).toBe(new Date(time + 3600 * SECOND).toISOString());
    time += 900 * SECOND;
    expect(store.peek(agent)).toBeNull();
    expect(store.peek(supervisor)).not.toBeNull();
    time += 2700 * SECOND - 1;
    expect(store.peek(supervisor)).not.toBeNull();
    time += 1;
    expect(store.peek(supervisor)).toBeNull();
    expect(store.users().find((user) => user.name === 'supervisor')?.groups).toEqual(['monitoring']);
  });

  it('switching group timeouts off gives bundle members the org default at once', () => {
    let time = Date.UTC(2025, 0, 1);
    const bundles = [{ priority: 1, timeoutSeconds: 3600, groups: ['monitoring'] }];
    const settings = { enableIdleTokenTimeout: true, idleTokenTimeoutSeconds: 900, inactivityTimeoutGroupsEnabled: true, inactivityTimeoutGroupBundles: bundles };
    const store = createTokenStore({ now: () => time, settings, groupsOf: () => ['monitoring'] });
    const token = store.issue('supervisor');
    time += 1000 * SECOND;
    expect(store.peek(token)).not.toBeNull();
    store.setSettings({ ...settings, inactivityTimeoutGroupsEnabled: false });
    expect(store.peek(token)).toBeNull();
    // The caller's array is not the store's: changing it afterwards changes nothing.
    bundles[0].timeoutSeconds = 5;
    expect(store.settings().inactivityTimeoutGroupBundles[0].timeoutSeconds).toBe(3600);
  });

  it('an unknown token is invalid', () => {
    const { store } = setup();
    expect(store.use('nope')).toBeNull();
    expect(store.peek('nope')).toBeNull();
    expect(store.info('nope')).toBeNull();
    expect(store.revoke('nope')).toBe(false);
  });
});
