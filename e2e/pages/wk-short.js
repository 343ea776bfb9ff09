// WebKit suite: the app of memory.html / ui.html (memory-app.js) with short real timeouts, since WebDriver classic
// has no clock control. Loaded after the SDK and before the app: the app's own options, plus unsafeShortTimeouts,
// the times of this script tag's data-timeout / data-warn (ms) and, with data-input, input as activity.
(() => {
  // Anything thrown into the page (uncaught errors, unhandled rejections): the SDK must throw nothing after construction.
  window.pageErrors = [];
  addEventListener('error', (e) => window.pageErrors.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => window.pageErrors.push(String(e.reason)));
  const cfg = document.currentScript.dataset;
  const create = IdleLogout.createIdleLogout;
  IdleLogout.createIdleLogout = (options) =>
    create({
      ...options,
      unsafeShortTimeouts: true,
      timeoutMs: Number(cfg.timeout),
      warnBeforeMs: Number(cfg.warn),
      ...(cfg.input ? { activity: { ...options.activity, input: true } } : {}),
    });
})();
