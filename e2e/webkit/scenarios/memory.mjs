// Back where you were: after an idle logout, the same person signs in again and lands on the screen they had,
// with their half-filled form back (typed for real, through WebDriver), without its sensitive fields.
import { By } from 'selenium-webdriver';
import { check, equal, test, until } from '../harness.mjs';
import { js, pageErrors } from '../page.mjs';
import { B } from '../server.mjs';

const ROUTE = '/queues/42?tab=stats#top';
const where = (d) => js(d, () => location.pathname + location.search + location.hash);
const fields = (d) =>
  js(d, () => {
    const f = document.getElementById('note').elements;
    return [f.subject.value, f.body.value, f.urgent.checked, f.queue.value, f.pw.value, f.card.value, f.private.value];
  });

test('route and draft memory: the same screen and the half-filled form back after signing in again, no sensitive field', async (ctx) => {
  const d = await ctx.session();
  await d.get(`${B()}/e2e/wk-memory.html`);
  await js(d, () => window.signIn('wk-frank'));
  await js(d, (r) => window.go(r), ROUTE);
  const type = async (name, text) => d.findElement(By.name(name)).sendKeys(text);
  await type('subject', 'Refund for order 1234');
  await type('body', 'Customer called twice, half written');
  await d.findElement(By.name('urgent')).click();
  await d.findElement(By.css('select[name=queue] option:nth-child(2)')).click();
  await type('pw', 'hunter2');
  await type('card', '4111111111111111');
  await type('private', 'do not keep');
  const typed = ['Refund for order 1234', 'Customer called twice, half written', true, 'support', 'hunter2', '4111111111111111', 'do not keep'];
  equal(await fields(d), typed, 'the form as typed');

  // Idle: logged out 10 s after the last API call; the route and the draft are saved (asynchronously).
  await until(() => js(d, () => window.events), ['warning', 'logout:idle'], { timeoutMs: 15_000, what: 'idle logout' });
  const stored = JSON.stringify(await until(() => js(d, () => window.storedRecords()), (r) => r.length === 2, { what: 'saved records' }));
  for (const secret of ['hunter2', '4111', 'do not keep', 'wk-frank']) check(!stored.includes(secret), `stored records contain "${secret}"`);

  equal(await pageErrors(d), [], 'errors thrown into the page');
  // Signing in again starts from the app's home page (a new page load, as after a sign-in redirect).
  await d.get(`${B()}/e2e/wk-memory.html`);
  equal([await where(d), (await fields(d))[0]], ['/e2e/wk-memory.html', ''], 'the home page, empty');
  await js(d, () => window.signIn('wk-frank'));
  await until(() => where(d), ROUTE, { what: 'restored route' });
  equal(await js(d, () => document.getElementById('where').textContent), ROUTE, 'the app shows the restored route');
  await until(() => fields(d), [...typed.slice(0, 4), '', '', ''], { what: 'refilled form' });
  // Once: the records are consumed.
  equal(await js(d, () => window.idle.takeSavedRoute() ?? null), null, 'saved route taken a second time');
  await until(() => js(d, () => window.storedRecords()), [], { what: 'records left' });
  equal(await pageErrors(d), [], 'errors thrown into the page');
});
