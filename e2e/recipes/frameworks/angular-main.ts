// The test page: docs/frameworks.md's Angular service and component, JIT-compiled and zoneless; `?backend=xhr` gives
// HttpClient the XHR backend (`withXhr()`) instead of its default fetch one.
import '@angular/compiler';
import { HttpClient, HttpErrorResponse, provideHttpClient, withXhr } from '@angular/common/http';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { firstValueFrom } from 'rxjs';
import { isTokenLoggedOutError } from 'idle-logout';
import { SessionBadgeComponent } from './angular';
import { harness } from './harness';

const xhr = new URLSearchParams(location.search).get('backend') === 'xhr';
document.getElementById('root')?.appendChild(document.createElement('session-badge'));
const app = await bootstrapApplication(SessionBadgeComponent, {
  providers: [provideZonelessChangeDetection(), xhr ? provideHttpClient(withXhr()) : provideHttpClient()],
});
const http = app.injector.get(HttpClient);
harness({
  unmount: () => app.destroy(),
  async send() {
    try {
      const headers = { Authorization: `Bearer ${sessionStorage.getItem('access_token')}` };
      const response = await firstValueFrom(http.get('/api/v2/users/me', { headers, observe: 'response' }));
      return { status: response.status };
    } catch (e) {
      const err = e as HttpErrorResponse;
      return { caught: { name: err.name, status: err.status, refusal: isTokenLoggedOutError(e) } };
    }
  },
});
