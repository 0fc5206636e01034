import { runSubgraphAlone } from '@marquee/platform';
import { foodSubgraph } from './index.js';

/** Runs the food subgraph on its own (Docker, or one process per service). */
await runSubgraphAlone(foodSubgraph);
