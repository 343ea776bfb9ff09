// One small adapter per library, so every benchmark drives them the same way:
// bench.create({ token, timeoutMs, warnMs, input, crossTab, syncTimers, keepalive: { url, intervalMs }, revokeUrl })
// returns { destroy(), lastActive(), logoutAt, onRemote(fn) }. Each uses the library's documented API only.
(function () {
  const stamp = (window.stamp = () => performance.timeOrigin + performance.now());
  const auth = (token) => ({ Authorization: `Bearer ${token}` });

  function ours(c) {
    const h = { logoutAt: undefined, remote: () => {} };
    const idle = IdleLogout.createIdleLogout({
      getToken: () => c.token,
      timeoutMs: c.timeoutMs,
      warnBeforeMs: c.warnMs,
      unsafeShortTimeouts: c.timeoutMs < 300_000,
      activity: { input: !!c.input },
      ...(c.crossTab === false && { sync: false }),
      ...(c.keepalive && { keepalive: { url: c.keepalive.url, minIntervalMs: c.keepalive.intervalMs } }),
      ...(c.revokeUrl && { revoke: { url: c.revokeUrl, method: 'DELETE' } }),
    });
    idle.on('logout', () => (h.logoutAt ??= Date.now()));
    idle.on('activity', (e) => e.source === 'remote' && h.remote());
    return Object.assign(h, { idle, destroy: () => idle.destroy(), state: () => idle.state });
  }

  // One React root for the page, as an app has: create() mounts a component using the hook, destroy() unmounts it.
  let root;
  let mounts = 0;
  function rit(c) {
    const h = { logoutAt: undefined, remote: () => {} };
    root ??= ReactDOMClient.createRoot(document.body.appendChild(document.createElement('div')));
    function App() {
      h.timer = IdleTimer.useIdleTimer({
        timeout: c.timeoutMs,
        promptBeforeIdle: c.warnMs,
        crossTab: c.crossTab !== false,
        syncTimers: c.syncTimers ?? 0,
        onIdle: () => {
          h.logoutAt ??= Date.now();
          if (c.revokeUrl) fetch(c.revokeUrl, { method: 'DELETE', headers: auth(c.token) }).catch(() => {});
        },
      });
      return null;
    }
    ReactDOM.flushSync(() => root.render(React.createElement(App, { key: ++mounts })));
    return Object.assign(h, {
      destroy: () => ReactDOM.flushSync(() => root.render(null)),
      lastActive: () => +h.timer.getLastActiveTime(),
      state: () => (h.timer.isIdle() ? 'logged-out' : h.timer.isPrompted() ? 'warning' : 'active'),
    });
  }

  function ng(c) {
    // No Angular DI: Idle and Keepalive get hand-made constructor arguments. A real NgZone (zone.js loaded),
    // LocalStorageExpiry as provideNgIdle() gives, platform id 'browser', and an HttpClient stand-in that sends
    // the Keepalive's HttpRequest with fetch (the token added as an app's interceptor would).
    const h = { logoutAt: undefined, remote: () => {} };
    const zone = (ng.zone ??= new NgIdle.NgZone({ enableLongStackTrace: false }));
    const http = {
      request: (req) => ({
        subscribe(next, error) {
          fetch(req.urlWithParams, { method: req.method, headers: auth(c.token) }).then(next, error);
          return { unsubscribe() {} };
        },
      }),
    };
    zone.run(() => {
      const ka = c.keepalive ? new NgIdle.Keepalive(http, zone) : undefined;
      if (ka) ka.interval(c.keepalive.intervalMs / 1000), ka.request(new NgIdle.HttpRequest('HEAD', c.keepalive.url));
      const idle = new NgIdle.Idle(new NgIdle.LocalStorageExpiry(new NgIdle.LocalStorage()), zone, ka, 'browser');
      idle.setIdle((c.timeoutMs - c.warnMs) / 1000);
      idle.setTimeout(c.warnMs / 1000);
      idle.setInterrupts(NgIdle.createDefaultInterruptSources());
      idle.onTimeout.subscribe(() => {
        h.logoutAt ??= Date.now();
        if (c.revokeUrl) fetch(c.revokeUrl, { method: 'DELETE', headers: auth(c.token) }).catch(() => {});
      });
      idle.watch();
      Object.assign(h, {
        idle,
        destroy: () => (idle.ngOnDestroy(), ka?.ngOnDestroy()),
        lastActive: () => +idle.expiry.last() - c.timeoutMs,
        state: () => (h.logoutAt ? 'logged-out' : idle.isIdling() ? 'warning' : 'active'),
      });
    });
    return h;
  }

  // A library's page-level setup (React's root) belongs to the page, not to an instance: done before any baseline.
  if (window.LIB === 'rit') root = ReactDOMClient.createRoot(document.body.appendChild(document.createElement('div')));
  window.bench = { create: { ours, rit, ng, none: () => ({ destroy() {}, state: () => '' }) }[window.LIB], stamp };
})();
