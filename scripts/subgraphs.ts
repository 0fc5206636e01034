import type { SubgraphDatabase } from '@marquee/platform';
import { database as auth } from '@marquee/auth';

/** Every subgraph's database, in start order. A new subgraph adds itself here. */
export const subgraphDatabases: SubgraphDatabase[] = [auth];
