// e2e/wrappers.spec.ts's page: idle-logout beside the real @sentry/browser and @datadog/browser-rum, each installed
// after the SDK, in a later task (as a lazily initialised error tracker or RUM agent is), then destroy() and re-create.
import { datadogRum } from '@datadog/browser-rum';
import * as Sentry from '@sentry/browser';
import { createIdleLogout } from 'idle-logout';

const token = location.hash.slice(1);
/** @type {import('idle-logout').IdleLogout | undefined} */
let idle;
const state = { counted: 0, sentry: 0, datadog: 0 };
let n = 0;
const later = () => new Promise((r) => setTimeout(r, 20));

const w = {
  state: () => ({ ...state }),
  make() {
    idle = createIdleLogout({ getToken: () => token, timeoutMs: 15 * 60_000, sync: false });
    idle.on('activity', (e) => void (e.source === 'api' && state.counted++));
  },
  destroy: () => idle?.destroy(),
  logout: () => idle?.logout(),
  async sentry() {
    await later();
    Sentry.init({
      dsn: `http://public@${location.host}/1`,
      defaultIntegrations: false,
      integrations: [Sentry.breadcrumbsIntegration({ fetch: true, xhr: true, console: false, dom: false, history: false, sentry: false })],
      // Their wrapper saw the request: it records a breadcrumb (dropped here, nothing is sent).
      beforeBreadcrumb: (b) => (b.category === 'fetch' || b.category === 'xhr' ? void state.sentry++ : undefined, null),
    });
  },
  async datadog() {
    await later();
    datadogRum.init({
      applicationId: 'e2e',
      clientToken: 'pube2e',
      site: 'datadoghq.com',
      proxy: `${location.origin}/__dd`,
      sessionSampleRate: 100,
      trackResources: true,
      // Their fetch/XHR instrumentation saw the request: a resource event of that type (dropped here).
      beforeSend: (e) => (e.type === 'resource' && (e.resource.type === 'fetch' || e.resource.type === 'xhr') ? void state.datadog++ : undefined, false),
    });
  },
  /** @param {'fetch' | 'xhr'} kind */
  async send(kind) {
    const url = `/api/v2/users/me?n=${++n}`; // distinct, so no library folds two requests into one
    if (kind === 'fetch') return fetch(url, { headers: { Authorization: `Bearer ${token}` } }).then(
        // The body read, as apps do: Datadog reports a fetch resource once its body has been read.
        (r) => r.text().then(() => r.status),
        (e) => e.name,
      );
    return new Promise((done) => {
      const x = new XMLHttpRequest();
      x.open('GET', url);
      x.setRequestHeader('Authorization', `Bearer ${token}`);
      x.onload = () => done(x.status);
      x.onerror = (e) => done((e.error ?? new Error('network')).name);
      x.send();
    });
  },
};
window.w = w;
