import { fresh, memoryRecord } from '../../core/memory-record';
import { sanitizeRoute } from '../../core/route';
import type { DraftOptions, RouteOptions } from '../../types/memory';
import type { Runtime } from '../../types/runtime';
import type { Session, SessionEvent } from '../../types/session';
import { LOGOUT_REASONS, type LogoutReason } from '../../types/vocabulary';
import { hashToken } from '../../utils/hash';
import { tabId } from './tab';
import { kvStore } from '../../utils/storage';
import { collect, fill, type FormDraft } from './drafts';

/** Routes and drafts: `idle-logout-memory`/`routes`, or memory where IndexedDB fails. */
export const withStore = kvStore('idle-logout-memory', 'routes');

/** By default every logout but a manual one saves the route: signing out on purpose is not an interruption. */
const SAVE_ROUTE_ON = LOGOUT_REASONS.filter((r) => r !== 'manual');

/** What is stored per tab at logout: form drafts and `keepDraft` data. */
interface Drafts {
  forms?: Record<string, FormDraft>;
  kept?: Record<string, unknown>;
}

export type Memory = ReturnType<typeof createMemory>;

const opt = <T>(o: boolean | T | undefined): T | undefined => (o === true ? ({} as T) : o || undefined);
const age = (o?: { maxAgeMs?: number }) => o?.maxAgeMs ?? 432e5;
const here = () => location.pathname + location.search + location.hash;
const isObj = (v: unknown): v is Record<string, never> => !!v && typeof v === 'object';

/**
 * Route and draft memory (loaded lazily): saves at logout, per tab and bound to the person, and gives back
 * after the same person signs in. Records are keyed `r:<tab>` / `d:<tab>`, so every logged-out tab keeps its own.
 */
export function createMemory(rt: Runtime, keep: Map<string, () => unknown>, upfront: boolean) {
  const r = opt<RouteOptions>(rt.options.route);
  const d = opt<DraftOptions>(rt.options.drafts);
  const userKey = r?.userKey || d?.userKey;
  const selector = d?.selector || 'form[data-idle-draft]';
  const maxAge = Math.max(age(r), age(d));
  // The drafts taken at sign-in. `shown` names the forms refilled, `done` holds their elements: a form the app renders
  // again (a new element under the same name) is filled again, until the person types.
  let held: Drafts | undefined;
  let shown = new Set<string>();
  let done = new WeakSet<HTMLFormElement>();
  let observer: MutationObserver | undefined;
  // Claimed now, before any record is read: a copied tab learns from the tab it was copied from that the id is taken.
  void tabId();

  /** The person's hash; `''` when no `userKey` is configured (unbound), `undefined` while unknown. */
  async function user(): Promise<string | undefined> {
    try {
      const k = userKey ? await userKey() : '';
      return k ? await hashToken(`idle-logout user ${k}`) : k === '' && !userKey ? '' : undefined;
    } catch (error) {
      rt.fail('user-key', error);
    }
  }

  async function take(kind: string, ms: number): Promise<unknown> {
    const u = await user();
    if (u === undefined) return;
    return withStore(rt, async (kv) => {
      const key = kind + (await tabId());
      const rec = await kv.get(key);
      if (rec !== undefined) await kv.del(key);
      if (fresh(rec, u, rt.now(), ms)) return rec.value;
    });
  }

  const takeRoute = async () => sanitizeRoute(await take('r:', age(r)), location.origin);
  const takeDrafts = async (): Promise<Drafts | undefined> => {
    const v = await take('d:', age(d));
    return isObj(v) ? v : undefined;
  };

  function unobserve() {
    observer?.disconnect();
    observer = undefined;
    removeEventListener('input', typed, true);
  }

  function forget() {
    unobserve();
    held = undefined;
    shown = new Set();
    done = new WeakSet();
  }

  // Refills run from the MutationObserver and the `input` listener too: a failure (the app's field or form, the
  // selector) is reported, never thrown into the page.
  const failed = (error: unknown) => rt.fail('drafts', error);

  function refill() {
    try {
      const forms = held?.forms || {};
      for (const id of fill(selector, forms, done, failed)) shown.add(id);
      if (!Object.keys(forms).length) unobserve();
    } catch (error) {
      // Not one field or form (`fill` reports those and goes on) but the whole pass: it would fail on every change.
      failed(error);
      unobserve();
    }
  }

  /** The person's first input (listened to only while forms are held): a refilled form is theirs and the app's now. */
  function typed(e: Event) {
    if (!e.isTrusted) return;
    for (const id of shown) delete held!.forms![id];
    shown.clear();
    refill();
  }

  const m = {
    takeRoute,

    /** At logout, synchronously: what this tab shows and holds now; stored after. A manual logout clears instead. */
    save(reason: LogoutReason): Promise<void> {
      forget();
      const claimed = tabId();
      const manual = reason === 'manual';
      let route: string | undefined;
      const drafts: Drafts = { kept: {} };
      try {
        if (r && (r.reasons || SAVE_ROUTE_ON).includes(reason)) route = sanitizeRoute(r.get ? r.get() : here(), location.origin);
      } catch (error) {
        rt.fail('route', error);
      }
      try {
        if (d && !manual) drafts.forms = collect(selector);
      } catch (error) {
        rt.fail('drafts', error);
      }
      // A manual logout keeps no drafts.
      if (!manual) keep.forEach((get, k) => {
        try {
          const v = get();
          if (v !== undefined) drafts.kept![k] = JSON.parse(JSON.stringify(v));
        } catch (error) {
          rt.fail('drafts', error);
        }
      });
      const who = user();
      return withStore(rt, async (kv) => {
        const u = await who;
        const tab = await claimed;
        await kv.del('r:' + tab);
        await kv.del('d:' + tab);
        if (u === undefined) return;
        if (route) await kv.set('r:' + tab, memoryRecord(u, rt.now() + age(r), route));
        // Drafts are never kept unbound.
        if (u && Object.keys({ ...drafts.forms, ...drafts.kept }).length) await kv.set('d:' + tab, memoryRecord(u, rt.now() + age(d), drafts));
      });
    },

    /** After a (new) token appears: drop other people's and expired records, restore the route, refill forms. */
    async signedIn(): Promise<void> {
      forget();
      const u = await user();
      if (u === undefined) return;
      await withStore(rt, async (kv) => {
        for (const [k, rec] of await kv.all()) if (!fresh(rec, u, rt.now(), maxAge)) await kv.del(k as string);
      });
      if (r?.restore) {
        const to = await takeRoute();
        if (to && to !== here()) {
          history.replaceState(history.state, '', to);
          dispatchEvent(new PopStateEvent('popstate', { state: history.state }));
        }
      }
      if (d && u) {
        held = await takeDrafts();
        // Forms not on the page yet (the restored route still rendering) are filled when they appear, and a refilled
        // form the app replaces (re-rendering after the sign-in) is filled again: the draft is not lost to a race.
        if (isObj(held?.forms)) {
          (observer = new MutationObserver(refill)).observe(document.documentElement, { childList: true, subtree: true });
          addEventListener('input', typed, true);
          refill();
        }
      }
    },

    /** `keepDraft` data and the forms not refilled yet, once; refilled forms are no longer watched after it. */
    async takeDrafts(): Promise<Record<string, unknown> | undefined> {
      const v = held || (await takeDrafts());
      const was = shown;
      forget();
      const out: Record<string, unknown> = { ...(isObj(v?.kept) ? v!.kept : {}) };
      if (isObj(v?.forms)) for (const k in v!.forms) if (!was.has(k)) out['form:' + k] = v!.forms[k];
      return Object.keys(out).length ? out : undefined;
    },
  };

  // At logout the page is read at once, synchronously, before the app's handlers change it; a new sign-in restores.
  const on = (s?: Session, prev?: Session, event?: SessionEvent) => {
    if (s?.state === 'logged-out' && (!prev || prev.state !== 'logged-out')) m.save(s.reason!).catch((error) => rt.fail('memory', error));
    else if (s && !event && s.state !== 'logged-out') m.signedIn().catch((error) => rt.fail('memory', error));
  };
  const off = rt.onChange(on);
  // Loaded up front (`route`, `drafts`): what happened while this chunk was on its way (a sign-in; a logout, read late).
  if (upfront) on(rt.session());
  return { ...m, stop: () => (off(), unobserve()) };
}
