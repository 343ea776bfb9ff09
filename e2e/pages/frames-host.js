// Host page logic shared by the ESM and the script-tag host pages. Query: ?client=<url of the client page, with its
// fragment; {n} is replaced by the frame's index>&target=<origin to post to>&interval=<ms>&count=<frames, default 1>
// &connect=0 (no connectHeartbeat: hostile tests post by hand; `connectNow()` connects later)&size=<W>x<H> (the
// frames' size in CSS px, default 320x200). Frames are named
// client, client1, client2… A textarea (#draft) is the host's own work, away from where tests move the mouse.
window.startHost = (connectHeartbeat) => {
  const q = new URLSearchParams(location.search);
  // The frame's state as the host hears it: each change once (the state on connect may come twice: hello and start).
  window.states = [];
  window.conns = [];
  const record = (e) => window.states.at(-1) !== e.state && window.states.push(e.state);
  // Every state message with the host's time it arrived: what the host believes the frame's remaining time is.
  window.told = [];
  const hear = (e) => (record(e), window.told.push({ ...e, at: Date.now() }));
  const [width, height] = (q.get('size') ?? '320x200').split('x');
  document.body.insertAdjacentHTML('beforeend', '<textarea id="draft" aria-label="Draft" style="position:absolute;left:10px;top:90px"></textarea>');
  window.connectNow = () => {
    const conn = connectHeartbeat(document.querySelector('iframe'), { targetOrigin: q.get('target'), minIntervalMs: Number(q.get('interval') ?? 2000) });
    conn.on('state', hear);
  };
  for (let n = 0; n < Number(q.get('count') ?? 1); n++) {
    const iframe = document.createElement('iframe');
    iframe.name = n ? `client${n}` : 'client';
    iframe.src = q.get('client').replaceAll('%7Bn%7D', n);
    iframe.style.cssText = `position:absolute;right:${n * 20}px;bottom:${n * 20}px;width:${width}px;height:${height}px`;
    document.body.append(iframe);
    if (q.get('connect') === '0') continue;
    const conn = connectHeartbeat(iframe, { targetOrigin: q.get('target'), minIntervalMs: Number(q.get('interval') ?? 2000) });
    if (!n) conn.on('state', hear);
    window.conns.push(conn);
  }
};
