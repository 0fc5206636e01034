import { runSubgraphAlone } from '@marquee/platform';
import { authSubgraph } from './index.js';

/** Runs the auth subgraph on its own (Docker, or one process per service). */
await runSubgraphAlone(authSubgraph);
