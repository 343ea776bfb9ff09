import { afterEach, describe, expect, it, vi } from 'vitest';
import { UI_TAG } from '../../src/features/input';
import { TEXT } from '../../src/features/ui';
import { useRecordingSandbox } from '../support/sandbox';

afterEach(() => document.documentElement.removeAttribute('lang'));

it("formats durations with the plural rules of the page's lang, so a translation needs only its sentences", () => {
  const say = (lang: string) => {
    document.documentElement.lang = lang;
    // Some locales put a no-break space between number and unit.
    return [1, 45, 60, 61, 300].map((s) => TEXT.time(s).replace(/\s/g, ' '));
  };
  expect(say('en')).toEqual(['1 second', '45 seconds', '1 minute', '2 minutes', '5 minutes']);
  expect(say('fr')).toEqual(['1 seconde', '45 secondes', '1 minute', '2 minutes', '5 minutes']);
  expect(say('de')).toEqual(['1 Sekunde', '45 Sekunden', '1 Minute', '2 Minuten', '5 Minuten']);
  expect(say('pl')).toEqual(['1 sekunda', '45 sekund', '1 minuta', '2 minuty', '5 minut']);
});

it('an invalid or missing lang falls back to the browser language instead of throwing', () => {
  document.documentElement.lang = 'not a tag!';
  expect(() => TEXT.time(5)).not.toThrow();
  document.documentElement.removeAttribute('lang');
  expect(TEXT.time(5)).toMatch(/5/);
});

describe('the live region', () => {
  const { sandbox } = useRecordingSandbox();
  const MIN = 60_000;

  /** What the live region announces ("45 seconds"…), in order, while the warning counts down from `warnMs` to the logout. */
  async function announced(warnMs: number) {
    sandbox.create({ getToken: () => 'token-a', timeoutMs: 10 * MIN, warnBeforeMs: warnMs, ui: true, sync: false });
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(10 * MIN - warnMs);
    const live = document.querySelector(UI_TAG)!.shadowRoot!.querySelector('[aria-live="polite"]')!;
    expect(live.textContent).toBe('');
    const texts: string[] = [];
    for (let s = warnMs / 1000; s > 0; s--) {
      await vi.advanceTimersByTimeAsync(1000);
      const text = live.textContent ?? '';
      // A new text is a new announcement; the same text left in place is not spoken again.
      if (text && text !== texts.at(-1)) texts.push(text);
    }
    return texts.map((text) => /in (.+?) because/.exec(text)?.[1]);
  }

  it('speaks at the cadence README promises: every 15 s in the last minute, then every 5 s in the last 20 s (20 included)', async () => {
    // The dialog's description is read when it opens (at 60 s): the region speaks after that.
    expect(await announced(MIN)).toEqual(['45 seconds', '30 seconds', '20 seconds', '15 seconds', '10 seconds', '5 seconds']);
  });

  it('speaks every minute before the last one', async () => {
    expect((await announced(4 * MIN)).slice(0, 4)).toEqual(['3 minutes', '2 minutes', '1 minute', '45 seconds']);
  });
});

describe('the signed-out notice', () => {
  const { sandbox } = useRecordingSandbox();

  /** The notice's paragraph after an idle logout, with the given memory options. */
  async function said(memory: { route?: boolean; drafts?: boolean }) {
    sandbox.create({ getToken: () => 'token-a', timeoutMs: 5 * 60_000, ui: true, sync: false, ...memory });
    await vi.dynamicImportSettled();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await vi.dynamicImportSettled();
    return document.querySelector(UI_TAG)!.shadowRoot!.querySelector('dialog p')?.textContent ?? '';
  }

  it('promises to continue "where you left off" only when route or draft memory keeps it', async () => {
    expect(await said({})).toMatch(/Sign in again to continue\.$/);
  });

  it('with route memory on, says the person continues where they left off', async () => {
    expect(await said({ route: true })).toMatch(/Sign in again to continue where you left off\.$/);
  });
});
