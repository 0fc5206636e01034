import { fileURLToPath } from 'node:url';

/** Where the browser loads the IDE's scripts, styles, fonts and workers from. */
export const IDE_BASE_PATH = '/graphql/ide';

/** The built GraphiQL bundle: router/dist/ide-assets, the same from src/ide and dist/ide. */
export const IDE_ASSETS_DIR = fileURLToPath(new URL('../../dist/ide-assets', import.meta.url));
