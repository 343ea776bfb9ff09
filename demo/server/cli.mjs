// `node demo/server/cli.mjs [--port 8080] [--host 127.0.0.1] [--fast] [--test-clock] [--timeout SECONDS]
//   [--hipaa] [--static /prefix/=dir ...] [--allow-origin http://localhost:5173 ...]`  (also reachable as `node demo/server/server.mjs …`)
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parseOrigin } from './launch.mjs';
import { startServer } from './server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** @param {string[]} argv */
export async function main(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      fast: { type: 'boolean', default: false },
      'test-clock': { type: 'boolean', default: false },
      timeout: { type: 'string' },
      hipaa: { type: 'boolean', default: false },
      static: { type: 'string', multiple: true },
      'allow-origin': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(readme());
    return;
  }
  // Without --static: the built SDK under /dist/ and the demo pages at /.
  const mounts = values.static ?? ['/dist/=dist', '/=demo/pages'];
  const staticRoots = Object.fromEntries(
    mounts.map((mount) => {
      const at = mount.indexOf('=');
      if (at < 1) throw new Error(`--static wants /prefix/=directory (got ${mount})`);
      return [mount.slice(0, at), resolve(root, mount.slice(at + 1))];
    }),
  );
  const server = await startServer({
    port: Number(values.port),
    host: values.host,
    fast: values.fast,
    testClock: values['test-clock'],
    timeoutSeconds: values.timeout === undefined ? undefined : Number(values.timeout),
    hipaa: values.hipaa,
    staticRoots,
    allowOrigins: (values['allow-origin'] ?? []).map((text) => {
      const parsed = parseOrigin(text);
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.origin;
    }),
  });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.once(signal, () => server.close().then(() => process.exit(0)));
  }
  return server;
}

function readme() {
  return `Reference token server (idle timeout enforced like Genesys Cloud). Options:
  --port N            default 8080 (0: any free port)
  --host ADDR         default 127.0.0.1 (also listens on ::1 so http://localhost:N works)
  --fast              timeouts from 10 s, default 60 s, for demos
  --test-clock        enable POST /__clock and POST /__touch
  --timeout SECONDS   the org's initial idle timeout (default 900, or 60 with --fast)
  --hipaa             the org's HIPAA flag (timeout at most 900 s)
  --static P=DIR      serve DIR at URL prefix P (repeatable; default /dist/=dist and /=demo/pages)
  --allow-origin O    let pages on the exact origin O call the API (CORS; repeatable), e.g. http://localhost:5173
Group timeouts start on, with the demo's bundles: "supervisor" and "team-lead" have longer timeouts than
the org default (demo/server/directory.mjs); every other name is in no group.`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
