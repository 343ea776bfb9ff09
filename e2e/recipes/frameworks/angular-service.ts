import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { createIdleLogout } from 'idle-logout';

@Injectable({ providedIn: 'root' })
export class IdleLogoutService {
  // Your token source: an auth service, a store, or (as here) sessionStorage.
  private readonly idle = createIdleLogout({ getToken: () => sessionStorage.getItem('access_token'), timeoutMs: 15 * 60_000 });
  private readonly snapshot = signal(this.idle.getSnapshot());
  /** `{ state, deadline, reason? }`: use it in templates and `computed()`. */
  readonly state = this.snapshot.asReadonly();

  constructor() {
    const stop = this.idle.subscribe((next) => this.snapshot.set(next));
    inject(DestroyRef).onDestroy(() => {
      stop();
      this.idle.destroy();
    });
  }

  extend(): void {
    this.idle.extend();
  }
  hold(reason: string): () => void {
    return this.idle.hold(reason);
  }
  logout(): void {
    this.idle.logout();
  }
}
