import { $, keepSignIn, onSignInElsewhere, safeReturn, signIn, takeSignOutReason, userName } from '/shared/session.js';

const returnTo = safeReturn(new URLSearchParams(location.search).get('return'));
const link = $('#return-to');
link.href = returnTo;
link.textContent = returnTo;

const REASONS = {
  idle: 'You were signed out because you were inactive for the organization’s idle timeout.',
  revoked: 'Your session was ended by the server (an admin logged you off, or the token idled out there).',
  scheduled: 'Your session ended at its scheduled time.',
  manual: 'You signed out.',
};
const why = takeSignOutReason();
// Signing in again: the name of whoever signed in last on this browser, not the example one.
if (userName()) $('#name').value = userName();
if (why) {
  const notice = $('#signed-out');
  notice.textContent = `${REASONS[why] ?? `Signed out (${why}).`} Sign in again to continue.`;
  notice.hidden = false;
}

$('#sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = $('#error');
  error.hidden = true;
  const name = $('#name').value.trim().toLowerCase();
  const button = event.target.querySelector('button');
  button.disabled = true;
  try {
    const { access_token: accessToken, user } = await signIn(name);
    keepSignIn(accessToken, user.name);
    location.replace(returnTo);
  } catch (failure) {
    error.textContent = failure.message;
    error.hidden = false;
    button.disabled = false;
    $('#name').select();
  }
});
// Focused with the suggested name selected: typing a name replaces it (with only focus the caret sits before it, and
// "ada" signs in as "adaagent"), Enter takes it as it is.
$('#name').select();
// One sign-in for every tab: another tab signed in, so this one goes on where it was going.
onSignInElsewhere(() => location.replace(returnTo));
