import { startReferenceServer } from './reference.mjs';

/** One reference server for the whole Chromium run; tests reach it through `e2e/support/server.ts`. */
export default async function globalSetup() {
  const server = await startReferenceServer();
  process.env.E2E_PORT = String(server.port);
  return () => server.close();
}
