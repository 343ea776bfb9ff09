// Small helpers over a WebDriver session: run a function in the page, in a frame, in a window; the dialog.
import { By } from 'selenium-webdriver';

/** Runs `fn(...args)` in the current browsing context; a returned promise is awaited (WebDriver does it). */
export const js = (driver, fn, ...args) => driver.executeScript(`return (${fn}).apply(null, arguments)`, ...args);

/** Runs `fn` inside the frame named `name` of the current page, then switches back to the page. */
export async function inFrame(driver, name, fn, ...args) {
  await driver.switchTo().frame(await driver.findElement(By.name(name)));
  try {
    return await js(driver, fn, ...args);
  } finally {
    await driver.switchTo().defaultContent();
  }
}

/** Runs `fn` in the window `handle` (switching to it: WebDriver talks to one window at a time). */
export async function inWindow(driver, handle, fn, ...args) {
  await driver.switchTo().window(handle);
  return js(driver, fn, ...args);
}

/** The built-in dialog as the person sees it: open or not, its title, the focused button's text. */
export const dialog = (driver) =>
  js(driver, () => {
    const root = document.querySelector('idle-logout-ui')?.shadowRoot;
    const d = root?.querySelector('dialog');
    return { open: !!d?.open, title: d?.querySelector('h2')?.textContent ?? null, focused: root?.activeElement?.textContent ?? null };
  });

/** Runs `fn` in each window of `handles` in turn (one at a time: the session has one current window). */
export async function inWindows(driver, handles, fn, ...args) {
  const out = [];
  for (const handle of handles) out.push(await inWindow(driver, handle, fn, ...args));
  return out;
}

/**
 * Records what is thrown into the page: uncaught errors and unhandled rejections. The wk-* pages do it from their
 * first script; other pages get it by `js(driver, recordErrors)` (or `inFrame`) once loaded. Runs in the page.
 */
export function recordErrors() {
  if (window.pageErrors) return;
  window.pageErrors = [];
  addEventListener('error', (e) => window.pageErrors.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => window.pageErrors.push(String(e.reason)));
}
export const pageErrors = (driver) => js(driver, () => window.pageErrors);
