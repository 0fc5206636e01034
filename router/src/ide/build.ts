import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IDE_ASSETS_DIR, IDE_BASE_PATH } from './assets.js';

/**
 * Bundles GraphiQL (React, Monaco and its workers, fonts, the explorer) with Vite into
 * router/dist/ide-assets, so the router serves every byte of the IDE itself: no CDN, no web fonts.
 * Build-time only: vite and the GraphiQL packages are dev dependencies of the router.
 */
export async function buildIdeAssets(): Promise<void> {
  const [{ build }, { default: react }] = await Promise.all([import('vite'), import('@vitejs/plugin-react')]);
  await build({
    configFile: false,
    root: fileURLToPath(new URL('../../src/ide/client', import.meta.url)),
    base: `${IDE_BASE_PATH}/`,
    plugins: [react()],
    logLevel: 'error',
    build: {
      outDir: IDE_ASSETS_DIR,
      emptyOutDir: true,
      chunkSizeWarningLimit: 8000,
      // Fonts and icons become files of their own, served by the router.
      assetsInlineLimit: 0,
    },
  });
}

/** `npm start` and the browser tests on a clean clone: build the IDE when it has not been built. */
export async function ensureIdeAssets(): Promise<void> {
  if (!existsSync(path.join(IDE_ASSETS_DIR, 'index.html'))) await buildIdeAssets();
}
