import { runSubgraphAlone } from '@marquee/platform';
import { inventorySubgraph } from './index.js';

/** Runs the inventory subgraph on its own (Docker, or one process per service). */
await runSubgraphAlone(inventorySubgraph);
