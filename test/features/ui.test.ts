import { afterEach, expect, it } from 'vitest';
import { TEXT } from '../../src/features/ui';

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
