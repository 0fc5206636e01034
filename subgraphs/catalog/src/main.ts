import { runSubgraphAlone } from '@marquee/platform';
import { catalogSubgraph } from './index.js';

/** Runs the catalog subgraph on its own (Docker, or one process per service). */
await runSubgraphAlone(catalogSubgraph);
