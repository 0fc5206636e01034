import { runSubgraphAlone } from '@marquee/platform';
import { bookingSubgraph } from './index.js';

/** Runs the booking subgraph on its own (Docker, or one process per service). */
await runSubgraphAlone(bookingSubgraph);
