import { DatePipe } from '@angular/common';
import { Component, inject } from '@angular/core';
import { IdleLogoutService } from './angular-service';

@Component({
  selector: 'session-badge',
  imports: [DatePipe],
  template: `
    @switch (session.state().state) {
      @case ('logged-out') { <p>Signed out</p> }
      @case ('warning') {
        <button type="button" (click)="session.extend()">Signing out at {{ session.state().deadline | date: 'mediumTime' }}: stay</button>
      }
      @default { <p>Signed in <button type="button" (click)="session.logout()">Sign out</button></p> }
    }
  `,
})
export class SessionBadgeComponent {
  protected readonly session = inject(IdleLogoutService);
}
