// Group timeouts over HTTP, on the server as the demo and e2e tests start it (fast mode, test clock, the
// demo's people): the settings' shape, the 400s, users' groups, and idle enforcement per person.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoBundles } from '../server/directory.mjs';
import { startServer } from '../server/server.mjs';

const SECOND = 1000;
/** Fast mode: org default 60 s; bundles `reporting` 120 s (priority 1) and `monitoring` 240 s (priority 2). */
const DEFAULT_S = 60;
const REPORTING_S = 120;
const MONITORING_S = 240;
let server;

beforeAll(async () => {
  server = await startServer({ fast: true, testClock: true, log: () => {} });
});
afterAll(() => server?.close());

const call = (path, { token, body, ...init } = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const signIn = async (user) => (await (await call('/api/v2/login', { method: 'POST', body: { user } })).json()).access_token;
const put = async (body, token) => call('/api/v2/tokens/timeout', { method: 'PUT', token: token ?? (await signIn('admin')), body });
const advance = (seconds) => call('/__clock', { method: 'POST', body: { advanceMs: seconds * SECOND } });
const alive = async (token) => (await call('/api/v2/tokens/me?preserveIdleTTL=true', { token })).status === 200;

const DEMO = {
  enableIdleTokenTimeout: true,
  idleTokenTimeoutSeconds: DEFAULT_S,
  inactivityTimeoutGroupsEnabled: true,
  inactivityTimeoutGroupBundles: demoBundles({ fast: true }),
  hipaa: false,
};

beforeEach(async () => {
  expect((await put(DEMO)).status).toBe(200);
});

describe('GET/PUT /api/v2/tokens/timeout with group bundles', () => {
  it('answers the org default, the switch and the bundles (the demo’s, scaled for fast mode)', async () => {
    const response = await call('/api/v2/tokens/timeout', { token: await signIn('agent') });
    expect(await response.json()).toEqual({
      enableIdleTokenTimeout: true,
      idleTokenTimeoutSeconds: 60,
      inactivityTimeoutGroupsEnabled: true,
      inactivityTimeoutGroupBundles: [
        { priority: 1, timeoutSeconds: 120, groups: ['reporting'], inactivityTimeoutUnit: 'Minutes' },
        { priority: 2, timeoutSeconds: 240, groups: ['monitoring'], inactivityTimeoutUnit: 'Minutes' },
      ],
      hipaa: false,
    });
  });

  it('stores new bundles and answers them', async () => {
    const bundles = [{ priority: 4, timeoutSeconds: 600, groups: ['night-shift', 'monitoring'], inactivityTimeoutUnit: 'Hours' }];
    const response = await put({ inactivityTimeoutGroupBundles: bundles });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ inactivityTimeoutGroupsEnabled: true, inactivityTimeoutGroupBundles: bundles });
    const read = await call('/api/v2/tokens/timeout', { token: await signIn('agent') });
    expect((await read.json()).inactivityTimeoutGroupBundles).toEqual(bundles);
  });

  it('refuses bundle changes to a non-admin', async () => {
    expect((await put({ inactivityTimeoutGroupsEnabled: false }, await signIn('supervisor'))).status).toBe(403);
  });

  const good = { priority: 1, timeoutSeconds: 300, groups: ['g'] };
  it.each([
    ['inactivityTimeoutGroupsEnabled', 'not a boolean', { inactivityTimeoutGroupsEnabled: 1 }],
    ['inactivityTimeoutGroupBundles', 'not an array', { inactivityTimeoutGroupBundles: { 0: good } }],
    ['inactivityTimeoutGroupBundles', 'six bundles', { inactivityTimeoutGroupBundles: [1, 2, 3, 4, 5, 5].map((priority) => ({ ...good, priority })) }],
    ['inactivityTimeoutGroupBundles[1]', 'a bundle that is a string', { inactivityTimeoutGroupBundles: [good, 'monitoring'] }],
    ['inactivityTimeoutGroupBundles[0].priority', 'priority 0', { inactivityTimeoutGroupBundles: [{ ...good, priority: 0 }] }],
    ['inactivityTimeoutGroupBundles[0].priority', 'priority 6', { inactivityTimeoutGroupBundles: [{ ...good, priority: 6 }] }],
    ['inactivityTimeoutGroupBundles[2].priority', 'a priority used twice', { inactivityTimeoutGroupBundles: [good, { ...good, priority: 2 }, { ...good, priority: 2 }] }],
    ['inactivityTimeoutGroupBundles[0].timeoutSeconds', '9 s (fast floor 10)', { inactivityTimeoutGroupBundles: [{ ...good, timeoutSeconds: 9 }] }],
    ['inactivityTimeoutGroupBundles[0].timeoutSeconds', 'over 8 hours', { inactivityTimeoutGroupBundles: [{ ...good, timeoutSeconds: 28_801 }] }],
    ['inactivityTimeoutGroupBundles[1].timeoutSeconds', 'over the HIPAA cap', { hipaa: true, inactivityTimeoutGroupBundles: [good, { ...good, priority: 2, timeoutSeconds: 901 }] }],
    ['inactivityTimeoutGroupBundles[0].groups', 'no groups', { inactivityTimeoutGroupBundles: [{ ...good, groups: [] }] }],
    ['inactivityTimeoutGroupBundles[0].groups[1]', 'an empty group id', { inactivityTimeoutGroupBundles: [{ ...good, groups: ['g', ''] }] }],
    ['inactivityTimeoutGroupBundles[0].inactivityTimeoutUnit', 'an unknown unit', { inactivityTimeoutGroupBundles: [{ ...good, inactivityTimeoutUnit: 'Days' }] }],
    ['inactivityTimeoutGroupBundles[0].name', 'an unknown bundle field', { inactivityTimeoutGroupBundles: [{ ...good, name: 'x' }] }],
  ])('400 naming %s for %s, and nothing changes', async (field, _, body) => {
    const response = await put(body);
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect(answer).toMatchObject({ status: 400, code: 'bad.request', field });
    expect(answer.message.startsWith(field)).toBe(true);
    const read = await call('/api/v2/tokens/timeout', { token: await signIn('admin') });
    expect(await read.json()).toEqual(DEMO);
  });

  it('turning HIPAA on with a bundle over 15 minutes is refused, naming the bundle', async () => {
    await put({ inactivityTimeoutGroupBundles: [{ priority: 1, timeoutSeconds: 1800, groups: ['monitoring'] }] });
    const response = await put({ hipaa: true });
    expect([response.status, (await response.json()).field]).toEqual([400, 'inactivityTimeoutGroupBundles[0].timeoutSeconds']);
  });
});

describe('GET /api/v2/users/me?expand=groups', () => {
  it('lists the person’s groups as Genesys does', async () => {
    const me = async (user, query = '?expand=groups') => (await call(`/api/v2/users/me${query}`, { token: await signIn(user) })).json();
    expect((await me('supervisor')).groups).toEqual([{ id: 'monitoring', selfUri: '/api/v2/groups/monitoring' }]);
    expect((await me('team-lead', '?expand=presence,groups')).groups.map((group) => group.id)).toEqual(['monitoring', 'reporting']);
    expect((await me('agent')).groups).toEqual([]);
  });

  it('leaves groups out unless expanded, as Genesys does', async () => {
    const response = await call('/api/v2/users/me', { token: await signIn('supervisor') });
    expect(await response.json()).not.toHaveProperty('groups');
  });

  it('expands groups on the user list too', async () => {
    const token = await signIn('supervisor');
    const list = await (await call('/api/v2/users?expand=groups', { token })).json();
    expect(list.entities.find((user) => user.name === 'supervisor').groups).toEqual([{ id: 'monitoring', selfUri: '/api/v2/groups/monitoring' }]);
  });
});

describe('idle enforcement by the person’s group timeout', () => {
  it('a supervisor’s token survives past the org default and dies after its bundle’s timeout', async () => {
    const [supervisor, agent] = [await signIn('supervisor'), await signIn('agent')];
    await advance(DEFAULT_S);
    expect(await alive(agent)).toBe(false);
    expect(await alive(supervisor)).toBe(true);
    await advance(MONITORING_S - DEFAULT_S - 5);
    expect(await alive(supervisor)).toBe(true);
    await advance(5);
    expect(await alive(supervisor)).toBe(false);
    expect((await call('/api/v2/users/me', { token: supervisor })).status).toBe(401);
  });

  it('reports the bundle’s deadline in tokens/me, and activity restarts the bundle’s timer', async () => {
    const token = await signIn('supervisor');
    const info = await (await call('/api/v2/tokens/me', { token })).json();
    expect(Date.parse(info.dateTokenIdles) - Date.parse(info.dateLastUsed)).toBe(MONITORING_S * SECOND);
    await advance(MONITORING_S - 10);
    expect((await call('/api/v2/routing/queues', { token })).status).toBe(200);
    await advance(MONITORING_S - 10);
    expect(await alive(token)).toBe(true);
  });

  it('a person in two bundles gets the lowest priority number’s, although the other is longer', async () => {
    const lead = await signIn('team-lead');
    await advance(REPORTING_S - 5);
    expect(await alive(lead)).toBe(true);
    await advance(5);
    expect(await alive(lead)).toBe(false);
  });

  it('switching group timeouts off gives the supervisor the org default', async () => {
    const supervisor = await signIn('supervisor');
    expect((await put({ inactivityTimeoutGroupsEnabled: false })).status).toBe(200);
    await advance(DEFAULT_S);
    expect(await alive(supervisor)).toBe(false);
  });
});

describe('startServer group options', () => {
  it('caps the demo’s bundles for a HIPAA org instead of refusing to start', async () => {
    const hipaa = await startServer({ hipaa: true, log: () => {} });
    try {
      const token = (await (await fetch(`${hipaa.url}/api/v2/login`, { method: 'POST', body: '{"user":"admin"}' })).json()).access_token;
      const settings = await (await fetch(`${hipaa.url}/api/v2/tokens/timeout`, { headers: { authorization: `Bearer ${token}` } })).json();
      expect(settings.inactivityTimeoutGroupBundles.map((bundle) => bundle.timeoutSeconds)).toEqual([900, 900]);
    } finally {
      await hipaa.close();
    }
  });

  it('refuses bad initial bundles, naming the field', async () => {
    const bad = [{ priority: 9, timeoutSeconds: 600, groups: ['g'] }];
    await expect(startServer({ groupBundles: bad, log: () => {} })).rejects.toThrow('inactivityTimeoutGroupBundles[0].priority must be');
  });

  it('starts with group timeouts off when told, so bundle members get the org default', async () => {
    const off = await startServer({ fast: true, testClock: true, groupsEnabled: false, log: () => {} });
    try {
      const post = (path, body) => fetch(`${off.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
      const token = (await (await post('/api/v2/login', { user: 'supervisor' })).json()).access_token;
      await post('/__clock', { advanceMs: DEFAULT_S * SECOND });
      expect((await fetch(`${off.url}/api/v2/tokens/me?preserveIdleTTL=true`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    } finally {
      await off.close();
    }
  });
});
