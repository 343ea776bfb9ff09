// The host page (http://localhost:PORT) embeds the client from http://127.0.0.1:PORT: two sites. It turns the
// person's work here into heartbeats for the frame with IdleLogout.connectHeartbeat (script-tag build).
(() => {
  const $ = (s) => document.querySelector(s);
  const port = location.port;
  const hostOrigin = `http://localhost:${port}`;
  const clientOrigin = `http://127.0.0.1:${port}`;
  $('#host-origin').textContent = hostOrigin;
  $('#client-origin').textContent = clientOrigin;

  if (location.origin !== hostOrigin) {
    // Opened on 127.0.0.1: host and frame would be one origin, which is not the interesting case.
    const notice = $('#wrong-origin');
    const link = Object.assign(document.createElement('a'), { href: `${hostOrigin}/host.html`, textContent: `${hostOrigin}/host.html` });
    notice.append('Open this page on ', link, ' so that the host and the frame are two different sites.');
    notice.hidden = false;
  }

  const iframe = $('#client');
  iframe.src = `${clientOrigin}/embedded.html`;
  const states = $('#states');
  const log = (text) => {
    const li = document.createElement('li');
    const time = document.createElement('time');
    time.textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const span = document.createElement('span');
    span.textContent = text;
    li.append(time, span);
    states.prepend(li);
    while (states.children.length > 12) states.lastElementChild.remove();
  };
  const seconds = (ms) => `${Math.ceil(ms / 1000)} s`;

  // Two connections: one that only listens (no events, so it never beats) and stays for the page's life, so
  // the frame's state shows with heartbeats off too; and the one that beats, which the checkbox connects.
  const listener = IdleLogout.connectHeartbeat(iframe, { targetOrigin: clientOrigin, events: [] });
  // The frame posts when its state changes and when its deadline moves (every accepted heartbeat): the log gets a
  // line per state change, the "signs out in" field every update.
  let shown;
  listener.on('state', ({ state, remainingMs }) => {
    const badge = $('#frame-state');
    badge.textContent = state;
    badge.dataset.state = state;
    $('#frame-left').textContent = state === 'logged-out' ? '–' : seconds(remainingMs);
    if (state !== shown) log(state === 'logged-out' ? 'logged-out' : `${state}, ${seconds(remainingMs)} left`);
    shown = state;
  });
  let beats;
  const connect = () => (beats = IdleLogout.connectHeartbeat(iframe, { targetOrigin: clientOrigin }));
  connect();

  // Shown for the person: when they last worked here (the frame counts the heartbeats it accepted).
  let last = 0;
  const work = () => {
    if (Date.now() - last < 1000) return;
    last = Date.now();
    $('#last-work').textContent = new Date(last).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  };
  for (const name of ['pointerdown', 'pointermove', 'keydown', 'wheel']) addEventListener(name, work, { capture: true, passive: true });

  $('#beats-on').addEventListener('change', (event) => {
    if (event.target.checked) {
      connect();
      log('heartbeats on');
    } else {
      beats.disconnect();
      beats = undefined;
      log('heartbeats off: the frame cannot see your work here');
    }
  });
})();
