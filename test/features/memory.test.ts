import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { withStore } from '../../src/features/memory/memory';
import { claimTab, TAB_ANSWER_MS, type TabStore } from '../../src/features/memory/tab';
import { createIdleLogout, IdlePolicyError, type IdleLogout, type IdleLogoutOptions } from '../../src/index';
import type { Runtime } from '../../src/types/runtime';

const MIN = 60_000;
const H = 60 * MIN;
const realTimeout = setTimeout;
const settle = async () => {
  await vi.dynamicImportSettled();
  for (let i = 0; i < 5; i++) await new Promise((r) => realTimeout(r, 5));
};

let token: string | null;
let user: string | null;
let idle: IdleLogout;
let errors: string[];

function make(options: Partial<IdleLogoutOptions> = {}) {
  idle = createIdleLogout({
    getToken: () => token,
    timeoutMs: 5 * MIN,
    route: { userKey: () => user, get: () => '/queues/42?tab=stats#top' },
    drafts: true,
    ...options,
  });
  errors = [];
  idle.on('error', (e) => errors.push(e.code));
  return idle;
}

/** Idle logout, then (the app dropped the token) a new sign-in as `who`. */
async function idleOutAndSignIn(who: string, after = 5 * MIN) {
  await vi.advanceTimersByTimeAsync(after);
  expect(idle.state).toBe('logged-out');
  await settle();
  token = null;
  idle.state;
  user = who;
  token = `token-${who}-${Math.random()}`;
  idle.state;
  await settle();
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
  token = 'token-alice';
  user = 'alice';
  document.body.innerHTML = '';
});

afterEach(async () => {
  idle?.destroy();
  vi.useRealTimers();
  // Empty the (memory-fallback) store between tests.
  await withStore({ fail() {} } as unknown as Runtime, async (kv) => {
    for (const [k] of await kv.all()) await kv.del(k as string);
  });
});

describe('route memory', () => {
  it('gives the route back once to the same person after an idle logout', async () => {
    make();
    await settle();
    await idleOutAndSignIn('alice');
    expect(await idle.takeSavedRoute()).toBe('/queues/42?tab=stats#top');
    expect(await idle.takeSavedRoute()).toBeUndefined();
  });

  it('falls back to memory where IndexedDB is missing, and says so once', async () => {
    make();
    await idleOutAndSignIn('alice');
    await idle.takeSavedRoute();
    expect(errors).toEqual(['storage']);
  });

  it('discards, and does not return, another person’s route', async () => {
    make();
    await idleOutAndSignIn('bob');
    expect(await idle.takeSavedRoute()).toBeUndefined();
    // Gone for good: alice signing in afterwards does not get it either.
    user = 'alice';
    token = 'token-alice-2';
    await settle();
    expect(await idle.takeSavedRoute()).toBeUndefined();
  });

  it('stores only a hash of the person, never the token', async () => {
    make();
    await idleOutAndSignIn('alice');
    const stored = await withStore({ fail() {} } as unknown as Runtime, (kv) => kv.all());
    const text = JSON.stringify(stored);
    expect(text).not.toContain('alice');
    expect(text).not.toContain('token');
    expect(text).toMatch(/"user":"[0-9a-f]{64}"/);
  });

  it('expires (default 12 h, configurable)', async () => {
    make();
    await idleOutAndSignIn('alice', 5 * MIN + 12 * H);
    expect(await idle.takeSavedRoute()).toBeUndefined();
  });

  it('a manual logout saves nothing (unless configured)', async () => {
    make();
    idle.logout();
    await settle();
    token = 'token-alice-2';
    await settle();
    expect(await idle.takeSavedRoute()).toBeUndefined();
    idle.destroy();
    make({ route: { userKey: () => user, get: () => '/x', reasons: ['manual'] } });
    idle.logout();
    await settle();
    token = 'token-alice-3';
    await settle();
    expect(await idle.takeSavedRoute()).toBe('/x');
  });

  it('never returns a hostile route, whatever the app or the storage holds', async () => {
    make({ route: { userKey: () => user, get: () => '//evil.com/x' } });
    await idleOutAndSignIn('alice');
    expect(await idle.takeSavedRoute()).toBeUndefined();
    // A tampered record: right person, right expiry, hostile value.
    const stored = await withStore({ fail() {} } as unknown as Runtime, (kv) => kv.all());
    expect(stored).toEqual([]);
  });

  it('ignores records of the wrong shape or from the far future', async () => {
    make();
    await idleOutAndSignIn('alice');
    const rt = { fail() {} } as unknown as Runtime;
    const [[key, rec]] = (await withStore(rt, (kv) => kv.all())) as [string, { v: 2; user: string; expires: number; value: string }][];
    // A version-1 record (single-letter fields, as an older version stored it) is of the wrong shape too.
    const v1 = { u: rec.user, x: rec.expires, v: rec.value };
    for (const bad of [{ ...rec, expires: Infinity }, { ...rec, expires: Date.now() + 365 * 24 * H }, { ...rec, user: 1 }, { ...rec, value: 'javascript:alert(1)' }, { ...rec, v: 1 }, v1, 'x', null]) {
      await withStore(rt, (kv) => kv.set(key, bad));
      expect(await idle.takeSavedRoute()).toBeUndefined();
    }
    await withStore(rt, (kv) => kv.set(key, rec));
    expect(await idle.takeSavedRoute()).toBe('/queues/42?tab=stats#top');
  });

  it('keeps a route written a moment ago by a tab whose clock runs ahead: a sign-in (here or in another tab) does not discard it', async () => {
    make();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    await settle();
    const rt = { fail() {} } as unknown as Runtime;
    const [[key, rec]] = (await withStore(rt, (kv) => kv.all())) as [string, { expires: number }][];
    // Written by a page whose clock is a second ahead of this one: it expires a second later than 12 h from now.
    await withStore(rt, (kv) => kv.set(key, { ...rec, expires: rec.expires + 1000 }));
    token = `token-alice-2`;
    idle.state;
    await settle();
    expect(await idle.takeSavedRoute()).toBe('/queues/42?tab=stats#top');
  });

  it('without a userKey the route is unbound (whoever signs in next in this tab)', async () => {
    make({ route: { get: () => '/a' }, drafts: false });
    await idleOutAndSignIn('bob');
    expect(await idle.takeSavedRoute()).toBe('/a');
  });

  it('restore: true navigates with history after the same person signs in', async () => {
    history.replaceState(null, '', '/queues/42?tab=stats#top');
    make({ route: { userKey: () => user, restore: true } });
    await settle();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    await settle();
    history.replaceState(null, '', '/login');
    const pops: string[] = [];
    addEventListener('popstate', () => pops.push(location.pathname));
    token = 'token-alice-2';
    idle.state;
    await settle();
    expect(location.pathname + location.search + location.hash).toBe('/queues/42?tab=stats#top');
    expect(pops).toEqual(['/queues/42']);
  });
});

describe('drafts', () => {
  const form = () => {
    document.body.innerHTML = `<form id="note" data-idle-draft>
      <input name="subject" value="">
      <textarea name="body"></textarea>
      <input name="pw" type="password">
      <input name="secret" value="" data-idle-sensitive>
      <fieldset data-idle-sensitive><input name="inner"></fieldset>
      <input name="card" autocomplete="cc-number">
      <input name="otp" autocomplete="one-time-code">
      <input name="h" type="hidden" value="1">
      <input name="urgent" type="checkbox" value="yes">
      <select name="queue"><option>a</option><option>b</option></select>
      <select name="tags" multiple><option>x</option><option>y</option><option>z</option></select>
    </form>
    <form id="other"><input name="subject"></form>`;
    const q = <T extends Element>(s: string) => document.querySelector(s) as unknown as T;
    return q;
  };

  it('keeps changed, non-sensitive fields of marked forms and refills them for the same person', async () => {
    let q = form();
    make();
    await settle();
    q<HTMLInputElement>('[name=subject]').value = 'Refund';
    q<HTMLTextAreaElement>('[name=body]').value = 'Half written…';
    for (const n of ['pw', 'secret', 'inner', 'card', 'otp']) q<HTMLInputElement>(`[name=${n}]`).value = `typed-${n}`;
    q<HTMLInputElement>('[name=urgent]').checked = true;
    q<HTMLSelectElement>('[name=queue]').value = 'b';
    q<HTMLOptionElement>('[name=tags] option:nth-child(2)').selected = true;
    q<HTMLInputElement>('#other [name=subject]').value = 'not marked';
    const kept = await (async () => {
      await vi.advanceTimersByTimeAsync(5 * MIN);
      await settle();
      return JSON.stringify(await withStore({ fail() {} } as unknown as Runtime, (kv) => kv.all()));
    })();
    expect(kept).toContain('Half written');
    for (const n of ['typed-', 'not marked', '"h"']) expect(kept).not.toContain(n);

    // The page is rebuilt (a reload after sign-in): the form comes back empty, then refilled.
    q = form();
    token = null;
    idle.state;
    token = 'token-alice-2';
    idle.state;
    await settle();
    expect(q<HTMLInputElement>('[name=subject]').value).toBe('Refund');
    expect(q<HTMLTextAreaElement>('[name=body]').value).toBe('Half written…');
    expect(q<HTMLInputElement>('[name=urgent]').checked).toBe(true);
    expect(q<HTMLSelectElement>('[name=queue]').value).toBe('b');
    expect([...q<HTMLSelectElement>('[name=tags]').selectedOptions].map((o) => o.value)).toEqual(['y']);
    expect(q<HTMLInputElement>('[name=pw]').value).toBe('');
    expect(q<HTMLInputElement>('[name=card]').value).toBe('');
  });

  it('fills a form that appears later (the restored screen renders after sign-in)', async () => {
    let q = form();
    make();
    await settle();
    q<HTMLInputElement>('[name=subject]').value = 'Later';
    await vi.advanceTimersByTimeAsync(5 * MIN);
    await settle();
    document.body.innerHTML = '';
    token = 'token-alice-2';
    idle.state;
    await settle();
    q = form();
    await settle();
    expect(q<HTMLInputElement>('[name=subject]').value).toBe('Later');
  });

  it('refills a form the app renders again after the refill, until the person types; takeDrafts then gives only forms never shown', async () => {
    let q = form();
    document.body.insertAdjacentHTML('beforeend', '<form id="later" data-idle-draft><input name="x"></form>');
    make();
    await settle();
    q<HTMLInputElement>('[name=subject]').value = 'Kept';
    q<HTMLInputElement>('#later [name=x]').value = 'not shown yet';
    await vi.advanceTimersByTimeAsync(5 * MIN);
    await settle();
    q = form();
    token = 'token-alice-2';
    idle.state;
    await settle();
    expect(q<HTMLInputElement>('[name=subject]').value).toBe('Kept');
    // The app re-renders its screen after the sign-in (a new element, the same form): it is refilled again.
    q = form();
    expect(q<HTMLInputElement>('[name=subject]').value).toBe('');
    await settle();
    expect(q<HTMLInputElement>('[name=subject]').value).toBe('Kept');
    // Our own refill events are not the person's: still watching.
    q = form();
    await settle();
    expect(q<HTMLInputElement>('[name=subject]').value).toBe('Kept');
    // The person types: the form is theirs (and the app's) from now on; a re-render is not refilled over it.
    const input = new Event('input', { bubbles: true });
    Object.defineProperty(input, 'isTrusted', { value: true });
    q<HTMLInputElement>('[name=subject]').dispatchEvent(input);
    q = form();
    await settle();
    expect(q<HTMLInputElement>('[name=subject]').value).toBe('');
    // A form never on the page is still there for the app; the refilled one is not handed out twice.
    expect(await idle.takeDrafts()).toEqual({ 'form:later': { x: 'not shown yet' } });
  });

  /**
   * What escaped into the page: a throwing observer callback or listener. Vitest's happy-dom does not capture those
   * (one would fail the run as an unhandled error, not this test), so the observer is wrapped and `type` catches.
   */
  const page = () => {
    const thrown: unknown[] = [];
    /** Mutation batches the SDK's observers heard. */
    const observed: MutationRecord[][] = [];
    const catching = (f: () => void) => {
      try {
        f();
      } catch (error) {
        thrown.push(error);
      }
    };
    const h = (e: Event) => thrown.push((e as ErrorEvent).error);
    addEventListener('error', h);
    vi.stubGlobal(
      'MutationObserver',
      class extends MutationObserver {
        constructor(cb: MutationCallback) {
          super((records, observer) => {
            observed.push(records);
            catching(() => cb(records, observer));
          });
        }
      },
    );
    onTestFinished(() => {
      removeEventListener('error', h);
      vi.unstubAllGlobals();
    });
    /** The person types in `el` (the SDK's capture `input` listener runs). */
    const type = (el: Element) => {
      const input = new Event('input', { bubbles: true });
      Object.defineProperty(input, 'isTrusted', { value: true });
      catching(() => el.dispatchEvent(input));
    };
    return { thrown, type, observed };
  };
  const signInAgain = async () => {
    token = 'token-alice-2';
    idle.state;
    await settle();
  };
  /** What real apps turn on: the dialog and the notice in the page, input as activity. */
  const REAL_APP = { ui: true, activity: { input: true } } as const;
  const $ = <T extends Element>(s: string) => document.querySelector(s) as unknown as T;
  /** This tab's stored records: `[key, record]`. */
  const stored = async () => (await withStore({ fail() {} } as unknown as Runtime, (kv) => kv.all())) as [string, { value: unknown }][];
  const store = (key: string, rec: unknown) => withStore({ fail() {} } as unknown as Runtime, (kv) => kv.set(key, rec));

  it('an <input type=email multiple> (multiple, but no options) round-trips as text', async () => {
    const html = `<form id="mail" data-idle-draft>
      <input name="cc" type="email" multiple>
      <select name="tags" multiple><option>x</option><option>y</option></select>
      <input name="subject">
    </form>`;
    document.body.innerHTML = html;
    const { thrown } = page();
    make(REAL_APP);
    await settle();
    $<HTMLInputElement>('[name=cc]').value = 'a@example.com,b@example.com';
    $<HTMLOptionElement>('[name=tags] option:nth-child(2)').selected = true;
    $<HTMLInputElement>('[name=subject]').value = 'After cc';
    await vi.advanceTimersByTimeAsync(5 * MIN);
    await settle();
    document.body.innerHTML = html;
    await signInAgain();
    expect($<HTMLInputElement>('[name=cc]').value).toBe('a@example.com,b@example.com');
    expect([...$<HTMLSelectElement>('[name=tags]').selectedOptions].map((o) => o.value)).toEqual(['y']);
    expect($<HTMLInputElement>('[name=subject]').value).toBe('After cc');
    expect(errors).toEqual(['storage']);
    expect(thrown).toEqual([]);
  });

  it('a forged draft record fills only fields whose stored value has their type, from own keys, and throws nothing', async () => {
    const html = `<form id="note" data-idle-draft>
      <input name="subject">
      <textarea name="body"></textarea>
      <input name="constructor">
      <input name="toString">
      <input name="polluted">
      <input name="urgent" type="checkbox" value="yes">
      <input name="late" type="checkbox" value="1" checked>
      <select name="queue"><option>a</option><option>b</option></select>
      <select name="team"><option>a</option><option>b</option></select>
      <select name="tags" multiple><option>x</option><option>y</option><option>z</option></select>
      <select name="labels" multiple><option>x</option><option>y</option></select>
      <input name="count">
    </form>
    <form id="__proto__" data-idle-draft><input name="toString"><input name="polluted"></form>`;
    document.body.innerHTML = html;
    const { thrown } = page();
    make(REAL_APP);
    await settle();
    $<HTMLInputElement>('[name=subject]').value = 'saved';
    await vi.advanceTimersByTimeAsync(5 * MIN);
    await settle();
    // Another script of the origin (or an older version) rewrote the record: right person, right expiry, forged forms.
    const [key, rec] = (await stored()).find(([k]) => k.startsWith('d:'))!;
    const note = {
      subject: 'Valid',
      'urgent=yes': true,
      queue: 'b',
      tags: ['y', 'z'],
      body: { toString: 'x' },
      'late=1': 'false',
      team: ['b'],
      labels: 'y',
      count: 5,
      // `constructor`, `toString` and `polluted` are not stored: only inherited.
    };
    await store(key, { ...rec, value: { forms: { note } } });
    document.body.innerHTML = html;
    // A polluted prototype (another script of the page): an inherited string is not a stored value either.
    Object.defineProperty(Object.prototype, 'polluted', { value: 'from the prototype', configurable: true, writable: true });
    try {
      await signInAgain();
    } finally {
      delete (Object.prototype as { polluted?: string }).polluted;
    }
    // The valid fields are filled…
    expect($<HTMLInputElement>('[name=subject]').value).toBe('Valid');
    expect($<HTMLInputElement>('[name=urgent]').checked).toBe(true);
    expect($<HTMLSelectElement>('[name=queue]').value).toBe('b');
    expect([...$<HTMLSelectElement>('[name=tags]').selectedOptions].map((o) => o.value)).toEqual(['y', 'z']);
    // …and nothing else is touched.
    expect($<HTMLTextAreaElement>('[name=body]').value).toBe('');
    for (const n of ['constructor', 'toString', 'polluted', 'count']) expect($<HTMLInputElement>(`#note [name=${n}]`).value).toBe('');
    expect($<HTMLInputElement>('[name=late]').checked).toBe(true);
    expect($<HTMLSelectElement>('[name=team]').value).toBe('a');
    expect($<HTMLSelectElement>('[name=labels]').selectedOptions).toHaveLength(0);
    // A form named after an inherited key gets nothing from the prototype.
    for (const n of ['toString', 'polluted']) expect($<HTMLInputElement>(`[id="__proto__"] [name=${n}]`).value).toBe('');
    expect(errors).toEqual(['storage']);
    expect(thrown).toEqual([]);
  });

  it('a field or form that throws while refilled is reported once (`drafts`), the others still fill, and nothing reaches the page', async () => {
    const note = `<form id="note" data-idle-draft><input name="subject"><textarea name="body"></textarea></form>`;
    const broken = `<form id="broken" data-idle-draft><input name="z"></form>`;
    const later = `<form id="later" data-idle-draft><input name="x"><input name="y"></form>`;
    /** A field of the app's (a form-associated custom element, a framework's wrapper) whose value setter throws. */
    const throwing = (el: Element) =>
      Object.defineProperty(el, 'value', {
        get: () => '',
        set() {
          throw new Error('the app’s setter');
        },
      });
    document.body.innerHTML = broken + note + later;
    const { thrown, type } = page();
    make(REAL_APP);
    await settle();
    $<HTMLInputElement>('[name=subject]').value = 'S';
    $<HTMLTextAreaElement>('[name=body]').value = 'B';
    $<HTMLInputElement>('[name=z]').value = 'Z';
    $<HTMLInputElement>('[name=x]').value = 'X';
    $<HTMLInputElement>('[name=y]').value = 'Y';
    await vi.advanceTimersByTimeAsync(5 * MIN);
    await settle();

    // At sign-in: the first field throws, the next is filled.
    document.body.innerHTML = note;
    throwing($('[name=subject]'));
    await signInAgain();
    expect($<HTMLTextAreaElement>('[name=body]').value).toBe('B');
    expect(errors).toEqual(['storage', 'drafts']);

    // The app renders again (the MutationObserver refills): a form before it throws as a whole, then a field of it.
    document.body.innerHTML = broken + note;
    Object.defineProperty($('#broken'), 'elements', {
      get() {
        throw new Error('the app’s form');
      },
    });
    throwing($('[name=subject]'));
    await settle();
    expect($<HTMLTextAreaElement>('[name=body]').value).toBe('B');

    // A form that appears as the person types (the capture `input` listener refills it, before the observer).
    document.body.insertAdjacentHTML('beforeend', later);
    throwing($('[name=x]'));
    type($('[name=body]'));
    expect($<HTMLInputElement>('[name=y]').value).toBe('Y');
    await settle();
    expect(errors).toEqual(['storage', 'drafts']);
    expect(thrown).toEqual([]);
  });

  it('a refill that fails as a whole (a selector the browser refuses, drafts stored under another) is reported, and stops watching', async () => {
    document.body.innerHTML = `<form id="note" data-idle-draft><input name="subject"></form>`;
    const { thrown, type, observed } = page();
    make({ ...REAL_APP, drafts: { selector: 'form[data-idle-draft', userKey: () => user } });
    await settle();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    await settle();
    // Reading the forms at logout failed already (reported once); drafts another page stored for this tab are there.
    expect(errors).toEqual(['storage', 'drafts']);
    const [key, rec] = (await stored()).find(([k]) => k.startsWith('r:'))!;
    await store(`d:${key.slice(2)}`, { ...rec, value: { forms: { note: { subject: 'S' } } } });
    await signInAgain();
    document.body.insertAdjacentHTML('beforeend', '<form data-idle-draft></form>');
    type($('[name=subject]'));
    await settle();
    // Not watching any more: it would fail again on every change.
    expect(observed).toEqual([]);
    expect(errors).toEqual(['storage', 'drafts']);
    expect(thrown).toEqual([]);
    // Still there for the app.
    expect(await idle.takeDrafts()).toEqual({ 'form:note': { subject: 'S' } });
  });

  it('keepDraft/takeDrafts: once, same person only; another person’s drafts are discarded', async () => {
    make();
    idle.keepDraft('reply', () => ({ text: 'draft reply' }));
    await settle();
    await idleOutAndSignIn('alice');
    expect(await idle.takeDrafts()).toEqual({ reply: { text: 'draft reply' } });
    expect(await idle.takeDrafts()).toBeUndefined();
    token = 'token-alice-3';
    idle.state;
    await idleOutAndSignIn('bob');
    expect(await idle.takeDrafts()).toBeUndefined();
    expect(await withStore({ fail() {} } as unknown as Runtime, (kv) => kv.all())).toEqual([]);
  });

  it('a manual logout clears the drafts', async () => {
    make();
    idle.keepDraft('reply', () => 'text');
    await settle();
    await vi.advanceTimersByTimeAsync(5 * MIN);
    await settle();
    token = 'token-alice-2';
    idle.state;
    idle.logout();
    await settle();
    token = 'token-alice-3';
    idle.state;
    await settle();
    expect(await idle.takeDrafts()).toBeUndefined();
  });

  it('drafts are never kept unbound: drafts without a userKey is refused at construction, keepDraft keeps nothing', () => {
    expect(() => make({ route: false, drafts: true })).toThrow(/drafts\.userKey must be a function/);
    expect(() => make({ route: { get: () => '/a' }, drafts: {} })).toThrow(IdlePolicyError);
  });

  it('keepDraft without any userKey keeps nothing', async () => {
    make({ route: false, drafts: false });
    idle.keepDraft('reply', () => 'text');
    await settle();
    await idleOutAndSignIn('alice');
    expect(await idle.takeDrafts()).toBeUndefined();
  });
});

describe('a tab id per tab (copied sessionStorage)', () => {
  const channels: BroadcastChannel[] = [];
  /** One browser tab's sessionStorage (a copy of another's when `id` is given), and its id channel. */
  const tab = (id?: string) => {
    const store: TabStore & { id?: string } = { id, get: () => store.id, set: (v) => void (store.id = v) };
    const open = () => {
      const c = new BroadcastChannel('test:tab-ids');
      channels.push(c);
      return c;
    };
    return { store, claim: claimTab(store, open) };
  };

  beforeEach(() => vi.useRealTimers());
  afterEach(() => channels.splice(0).forEach((c) => c.close()));

  it('a tab with no id takes a new one at once, and answers for it', async () => {
    const one = tab();
    const id = await one.claim();
    expect(id).toMatch(/^[a-z0-9]{8,9}$/);
    expect(one.store.id).toBe(id);
    const copy = tab(id);
    expect(await copy.claim()).not.toBe(id);
  });

  it('a copy of a live tab (window.open, "Duplicate tab") takes a new id and keeps it; the original keeps its own', async () => {
    const original = tab();
    const id = await original.claim();
    const copy = tab(id);
    const own = await copy.claim();
    expect(own).not.toBe(id);
    expect(copy.store.id).toBe(own);
    expect(await original.claim()).toBe(id);
    expect(original.store.id).toBe(id);
    // A reload of the copy is asked about its new id and finds it free: the original holds another.
    expect(await tab(own).claim()).not.toBe(own);
  });

  it('a reload (its old page gone, nobody holds the id) keeps its id once the answer window passed', async () => {
    vi.useFakeTimers();
    const reloaded = tab('abc12345');
    let id: string | undefined;
    void reloaded.claim().then((v) => (id = v));
    await vi.advanceTimersByTimeAsync(TAB_ANSWER_MS - 1);
    expect(id).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(id).toBe('abc12345');
    expect(reloaded.store.id).toBe('abc12345');
  });

  it('two copies asking at once: exactly one keeps the id', async () => {
    const a = tab('abc12345');
    const b = tab('abc12345');
    const ids = await Promise.all([a.claim(), b.claim()]);
    expect(ids.filter((id) => id === 'abc12345')).toHaveLength(1);
    expect(new Set(ids).size).toBe(2);
  });

  it('an answer that arrives after the window still moves the asker to a new id', async () => {
    let deliver = (_: unknown) => {};
    const fake = {
      onmessage: null as ((e: { data: unknown }) => void) | null,
      postMessage: (m: { n: number }) => (deliver = () => fake.onmessage?.({ data: { mine: 'abc12345', to: m.n } })),
    };
    const store: TabStore & { id?: string } = { id: 'abc12345', get: () => store.id, set: (v) => void (store.id = v) };
    const claim = claimTab(store, () => fake as unknown as BroadcastChannel, 10);
    expect(await claim()).toBe('abc12345');
    deliver(undefined);
    expect(await claim()).not.toBe('abc12345');
    expect(store.id).toBe(await claim());
  });

  it('without a channel (refused in a cross-site frame) the id found is kept', async () => {
    const store: TabStore & { id?: string } = { id: 'abc12345', get: () => store.id, set: (v) => void (store.id = v) };
    const claim = claimTab(store, () => {
      throw new DOMException('refused', 'SecurityError');
    });
    expect(await claim()).toBe('abc12345');
  });

  it('ignores a malformed id found in sessionStorage and answers only for its own id', async () => {
    const one = tab('<script>');
    const id = await one.claim();
    expect(id).toMatch(/^[a-z0-9]{8,9}$/);
    // A stranger's id is nobody's here: kept after the window.
    expect(await tab('zzzz9999').claim()).toBe('zzzz9999');
  });
});
