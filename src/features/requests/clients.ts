import { bearer } from './bearer';
import { tapFetch } from './fetch';
import { afterResponse, beforeSend, everyTap, patched } from './taps';
import { absolute } from './url';
import type { AxiosConfig } from '../../types/options';

/**
 * A `fetch` for clients that hold their own (openapi-fetch, ky, ofetch, a `fetch` captured before the instance
 * existed): requests carrying a token count as activity, are refused with `TokenLoggedOutError` once the token is
 * logged out, and a `401` logs it out, exactly as through the patched global. It serves every instance in the page,
 * including ones created later. `this` is not passed on, so a client may call it as a method of its options.
 */
export function wrapFetch(fetch: typeof globalThis.fetch = globalThis.fetch): typeof globalThis.fetch {
  return tapFetch((input, init) => fetch(input, init), everyTap);
}

/**
 * axios interceptors for apps that do not let the SDK patch globals (`patch: false`):
 * `api.interceptors.request.use(i.request)` refuses a logged-out token (rejects with `TokenLoggedOutError`) and
 * counts activity (while the instance starts it may hold the request briefly, returning a promise);
 * `api.interceptors.response.use(i.response, i.error)` logs out on a `401`. While some instance patches the globals, they step aside: axios's XHR and fetch adapters already go through the patched globals, and
 * a request is counted once.
 */
export function axiosInterceptors() {
  const token = (config?: AxiosConfig) => (config && !patched() ? bearer(config.headers as HeadersInit) : undefined);
  const status = (config: AxiosConfig | undefined, code: number) => {
    const t = token(config);
    if (t) afterResponse(t, code);
  };
  function request<C extends AxiosConfig>(config: C): C | Promise<C> {
    const t = token(config);
    const { url = '', baseURL } = config;
    // axios joins baseURL and a relative url with one slash.
    const full = baseURL && !/^([a-z][a-z\d+.-]*:)?\/\//i.test(url) ? `${baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}` : url;
    const verdict = t ? beforeSend(t, absolute(full), (config.method || 'get').toUpperCase()) : undefined;
    if (verdict instanceof Error) throw verdict;
    // Held while this tab cannot tell yet whether the token is live: axios awaits a request interceptor's promise.
    return verdict === undefined ? config : verdict.then(() => request(config));
  }
  return {
    request,
    response<R extends { status: number; config?: AxiosConfig }>(response: R): R {
      status(response.config, response.status);
      return response;
    },
    error(error: unknown): Promise<never> {
      const e = error as { config?: AxiosConfig; response?: { status: number } };
      status(e?.config, e?.response?.status ?? 0);
      return Promise.reject(error);
    },
  };
}
