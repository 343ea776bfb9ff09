// The test pages for both import orders: what the app's requests through `api` did.
import type { IdleLogout } from 'idle-logout';
import type { api as Api } from './api';

export function expose({ api, idle }: { api: typeof Api; idle: IdleLogout }) {
  let counted = 0;
  idle.on('activity', ({ source }) => {
    if (source === 'api') counted++;
  });
  (window as unknown as { st: unknown }).st = {
    counted: () => counted,
    logout: () => idle.logout(),
    async send() {
      try {
        return { status: (await api.GET('/users/me')).response.status };
      } catch (e) {
        return { caught: (e as Error).name };
      }
    },
  };
}
