// The built-in dialog (`ui: true`) with input as activity (`activity.input: true`), answered with the keyboard:
// trusted key events from WebDriver Actions. While it shows, Tab and Shift+Tab move between its two buttons and
// leave it open; Enter on "Stay signed in" keeps the person signed in, closes it, gives focus back, and the key
// does not reach the page (no line break in the textarea the person was typing in).
import { By, Key } from 'selenium-webdriver';
import { check, equal, test, until } from '../harness.mjs';
import { dialog, js, pageErrors } from '../page.mjs';
import { B, setTimeoutSeconds } from '../server.mjs';

const WARNING = 'You’re about to be signed out';

/** The dialog, the session, and where the page's focus is (the dialog's host element while it is open). */
const view = async (d) => ({
  ...(await dialog(d)),
  ...(await js(d, () => ({ state: window.idle.state, events: window.events, pageFocus: document.activeElement.localName }))),
});
const warning = (focused) => ({ open: true, title: WARNING, focused, state: 'warning', events: ['warning'], pageFocus: 'idle-logout-ui' });

test('built-in dialog by keyboard (input counts as activity): Tab stays inside, Enter on "Stay signed in" keeps the person signed in', async (ctx) => {
  await setTimeoutSeconds(30); // the page's timeout
  const d = await ctx.session();
  await d.get(`${B()}/e2e/wk-ui.html`);
  await js(d, () => window.signIn('wk-erin'));
  // Every key the page sees, and whether the browser marked it trusted (a real key press, not a script's event).
  await js(d, () => {
    window.keys = [];
    addEventListener('keydown', (e) => window.keys.push(`${e.key}${e.isTrusted ? '' : ' (untrusted)'}`), true);
  });

  // The person types a note, then stops: the warning comes 5 s later, focus on "Stay signed in".
  const notes = await d.findElement(By.name('body'));
  await notes.click();
  await notes.sendKeys('Called back');
  await until(() => view(d), warning('Stay signed in'), { timeoutMs: 10_000, what: 'warning dialog' });
  equal(await js(d, () => window.keys.at(-1)), 'k', 'typed keys are trusted');

  await d.actions().sendKeys(Key.TAB).perform();
  equal(await view(d), warning('Sign out now'), 'after Tab');
  await d.actions().keyDown(Key.SHIFT).sendKeys(Key.TAB).keyUp(Key.SHIFT).perform();
  equal(await view(d), warning('Stay signed in'), 'after Shift+Tab');

  await d.actions().sendKeys(Key.ENTER).perform();
  await until(() => dialog(d), (v) => !v.open, { what: 'dialog closed after Enter' });
  equal(await js(d, () => [window.idle.state, window.events]), ['active', ['warning', 'active']], 'after Enter on "Stay signed in"');
  equal(await js(d, () => [document.activeElement.name, document.querySelector('[name=body]').value]), ['body', 'Called back'], 'focus back in the note, unchanged');
  const keys = await js(d, () => window.keys);
  check(keys.every((k) => !k.endsWith('(untrusted)')), `untrusted key events: ${keys}`);
  equal(await pageErrors(d), [], 'errors thrown into the page');
});
