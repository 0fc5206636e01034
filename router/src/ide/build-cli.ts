/** `npm run build -w router` (after tsc): bundles the GraphiQL IDE into dist/ide-assets. */
import { buildIdeAssets } from './build.js';

await buildIdeAssets();
