// Row 7, memory and leaks: 1,000 create/destroy cycles in one page (ours createIdleLogout/destroy, react-idle-timer
// mount/unmount of a component using the hook, ng-idle a new Idle: setInterrupts, watch, stop, ngOnDestroy), each
// cycle across tasks as in an app. Then: heap after GC against before, and what is left: listeners, timers,
// BroadcastChannels, and whether fetch and XHR are the page's own again. Median of RUNS fresh pages per library.
import { launch, LIBS, median, openLib, serve, sleep, writeJson, writeSection } from './lib.mjs';

const RUNS = 5;
const CYCLES = 1000;
const server = await serve();
const browser = await launch();

async function run(lib) {
  const context = await browser.newContext();
  const page = await openLib(context, server, lib, 'probe');
  let errors = 0;
  page.on('pageerror', () => errors++);
  const cdp = await context.newCDPSession(page);
  const heap = async () => {
    for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  // One cycle first: code a library loads once (our lazy chunk, React's first render) is not a leak.
  await page.evaluate(async () => {
    bench.create({ token: 'mem-token', timeoutMs: 15 * 60_000, warnMs: 60_000, input: true, crossTab: true }).destroy();
    await new Promise((r) => setTimeout(r, 200));
    const p = XMLHttpRequest.prototype;
    window.before = { listeners: probe.listenerList(), timers: probe.timers(), channels: probe.channels, fetch: window.fetch, xhr: [p.open, p.send, p.setRequestHeader] };
  });
  await sleep(200);
  const heap0 = await heap();
  const t0 = Date.now();
  await page.evaluate(async (n) => {
    const yieldTask = () => new Promise((r) => setTimeout(r, 0));
    for (let i = 0; i < n; i++) {
      const h = bench.create({ token: 'mem-token', timeoutMs: 15 * 60_000, warnMs: 60_000, input: true, crossTab: true });
      if (i % 10 === 0) await yieldTask(); // a tenth of the instances live across a task: their async setup starts
      h.destroy();
      if (i % 10 === 0) await yieldTask();
    }
    await new Promise((r) => setTimeout(r, 1000));
  }, CYCLES);
  const ms = Date.now() - t0;
  const heap1 = await heap();
  const left = await page.evaluate(async () => {
    const p = XMLHttpRequest.prototype;
    const locks = await navigator.locks.query();
    const now = probe.listenerList();
    const leftList = [...now];
    for (const l of before.listeners) leftList.splice(leftList.indexOf(l), 1);
    return {
      listeners: now.length - before.listeners.length,
      listenerList: [...new Set(leftList)].slice(0, 5),
      locks: (locks.held?.length ?? 0) + (locks.pending?.length ?? 0),
      timers: probe.timers() - before.timers,
      channels: probe.channels - before.channels,
      restored: window.fetch === before.fetch && [p.open, p.send, p.setRequestHeader].every((f, i) => f === before.xhr[i]),
    };
  });
  await context.close();
  return { heapKB: (heap1 - heap0) / 1024, msPerCycle: ms / CYCLES, errors, ...left };
}

const results = { none: [], ours: [], rit: [], ng: [] };
for (let i = 0; i < RUNS; i++) for (const lib of Object.keys(results)) results[lib].push(await run(lib));
await browser.close();
await server.close();

const m = (lib, k) => median(results[lib].map((r) => r[k]));
/** Heap growth beyond the same loop with no library (the page's own churn: the loop, timers, GC bookkeeping). */
const heap = (lib) => m(lib, 'heapKB') - m('none', 'heapKB');
const restored = (lib) => results[lib].every((r) => r.restored);
const fmt = (lib) => `${heap(lib).toFixed(0)} KB; ${m(lib, 'listeners')} / ${m(lib, 'timers')} / ${m(lib, 'channels')} / ${m(lib, 'locks')}; ${m(lib, 'errors')} errors`;
writeJson('memory', {
  results,
  summary: [
    {
      row: 7,
      figure: `Memory, ${CYCLES} create/destroy cycles: heap growth after GC; listeners / timers / channels / Web Locks left; errors thrown into the page`,
      ours: `${fmt('ours')}; fetch/XHR ${restored('ours') ? 'restored' : '**not restored**'}`,
      rit: fmt('rit'),
      ng: fmt('ng'),
      ratio: `heap ${(heap('ours') / heap('rit')).toFixed(2)}× RIT, ${(heap('ours') / heap('ng')).toFixed(2)}× ng`,
      target: 'nothing left (0 / 0 / 0 / 0, fetch and XHR restored), 0 errors; heap growth beyond the no-library loop ≤ 0.5 KB per cycle',
      pass: ['listeners', 'timers', 'channels', 'locks', 'errors'].every((k) => m('ours', k) === 0) && restored('ours') && heap('ours') <= CYCLES / 2,
      why:
        `Ours left ${m('ours', 'listeners')} listener(s) (${results.ours[0].listenerList.join(', ') || 'none'}), ${m('ours', 'locks')} Web Lock(s) held or pending, ` +
        `threw ${m('ours', 'errors')} error(s) into the page, heap +${heap('ours').toFixed(0)} KB beyond the no-library loop. ` +
        (m('ours', 'errors') || m('ours', 'locks')
          ? 'Errors and locks left come from a tab-sync leader election started on a channel the instance had already closed ' +
            '(destroyed, or its token changed, while its setup awaited): the election must check that its channel is still the ' +
            'current one after every await, and be ended (`die()`) before the channel closes, or the lock stays held and a new ' +
            'instance for that token in the tab never leads (no revoke, no keepalive).'
          : 'Nothing is left over; the heap figure is what the loop resolves.'),
    },
  ],
});
writeSection(
  'memory',
  `## 7. Memory and leaks (bench/memory.bench.mjs)

${CYCLES.toLocaleString('en')} create/destroy cycles in one page after one warm-up cycle (code loaded once is not a leak);
every tenth instance lives across a task, so its asynchronous setup (our hashing, election and storage; React's
effects) starts before it is destroyed. Ours \`createIdleLogout\`/\`destroy()\` with \`sync\` and \`activity.input\`;
react-idle-timer: mount/unmount of a component calling \`useIdleTimer({ crossTab: true })\` in one React root;
ng-idle: a new \`Idle\` with default interrupts, \`watch()\`, then \`ngOnDestroy()\` (stop + clearInterrupts).
Heap: CDP \`Runtime.getHeapUsage\` after forced GC, against before. Left over: listeners added and not removed (on targets still alive),
timers pending, BroadcastChannels open, Web Locks held or pending (\`navigator.locks.query()\`), uncaught errors
and unhandled rejections in the page (\`pageerror\`). Medians of ${RUNS} fresh pages.

| library | heap growth (raw) | listeners left | timers left | channels open | Web Locks left | errors in the page | fetch/XHR restored | ms per cycle |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |
${Object.keys(results).map((lib) => `| ${LIBS[lib] ?? 'no library (control loop)'} | ${m(lib, 'heapKB').toFixed(0)} KB | ${m(lib, 'listeners')} | ${m(lib, 'timers')} | ${m(lib, 'channels')} | ${m(lib, 'locks')} | ${m(lib, 'errors')} | ${lib === 'ours' ? (restored(lib) ? 'yes' : '**no**') : '—'} | ${m(lib, 'msPerCycle').toFixed(2)} |`).join('\n')}

Listeners left, by target and type (first run): ${Object.keys(LIBS).map((lib) => `${LIBS[lib]}: ${results[lib][0].listenerList.join(', ') || 'none'}`).join('; ')}.`,
);
