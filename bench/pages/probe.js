// Loaded first on a bench page with ?probe: counts timer callbacks that run (wake-ups), timers still pending,
// event listeners still attached and BroadcastChannels still open, whoever added them. Wraps whatever setTimeout is current (Playwright's
// fake clock included), so it measures the page as the libraries see it.
(function () {
  const live = new Set();
  const probe = (window.probe = { fired: 0, timers: () => live.size, listeners: () => count, channels: 0 });
  const { setTimeout: st, setInterval: si, clearTimeout: ct, clearInterval: ci } = window;
  window.setTimeout = function (fn, ms, ...args) {
    const id = st.call(window, (...a) => (live.delete(id), probe.fired++, typeof fn === 'function' && fn(...a)), ms, ...args);
    live.add(id);
    return id;
  };
  window.setInterval = function (fn, ms, ...args) {
    const id = si.call(window, (...a) => (probe.fired++, typeof fn === 'function' && fn(...a)), ms, ...args);
    live.add(id);
    return id;
  };
  window.clearTimeout = (id) => (live.delete(id), ct.call(window, id));
  window.clearInterval = (id) => (live.delete(id), ci.call(window, id));

  // Listeners: per target, per type and capture flag, the functions attached (the DOM dedupes them), and a list
  // of what is attached (targets held weakly, so the probe keeps nothing alive).
  let count = 0;
  const byTarget = new WeakMap();
  const entries = new Set();
  const key = (type, o) => `${type}|${typeof o === 'boolean' ? o : !!(o && o.capture)}`;
  const name = (t) => (t === window ? 'window' : t === document ? 'document' : t.nodeName?.toLowerCase() ?? (t instanceof BroadcastChannel ? 'BroadcastChannel' : t.constructor.name));
  // Only listeners whose target is still alive: a closed channel collected with its listener leaks nothing.
  probe.listenerList = () => [...entries].filter((e) => e.target.deref()).map((e) => `${name(e.target.deref())} ${e.type}`);
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function (type, fn, o) {
    if (fn && !(o && o.once)) {
      const m = byTarget.get(this) ?? new Map();
      byTarget.set(this, m);
      const fns = m.get(key(type, o)) ?? new Map();
      m.set(key(type, o), fns);
      if (!fns.has(fn)) {
        const entry = { target: new WeakRef(this), type };
        fns.set(fn, entry), entries.add(entry), count++;
      }
    }
    return add.call(this, type, fn, o);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, o) {
    const fns = byTarget.get(this)?.get(key(type, o));
    const entry = fns?.get(fn);
    if (entry) fns.delete(fn), entries.delete(entry), count--;
    return remove.call(this, type, fn, o);
  };

  // BroadcastChannels open (constructed and not closed).
  const Native = window.BroadcastChannel;
  if (Native)
    window.BroadcastChannel = class extends Native {
      constructor(...args) {
        super(...args);
        probe.channels++;
      }
      close() {
        if (!this.closedByProbe) (this.closedByProbe = true), probe.channels--;
        return super.close();
      }
    };
})();
