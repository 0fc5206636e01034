import type { SubgraphModule } from '@marquee/platform';
import { authSubgraph } from '@marquee/auth';
import { catalogSubgraph } from '@marquee/catalog';
import { inventorySubgraph } from '@marquee/inventory';
import { bookingSubgraph } from '@marquee/booking';
import { foodSubgraph } from '@marquee/food';

/**
 * Every subgraph, in start order (auth first: the others verify tokens with its JWKS).
 * A new subgraph adds itself here, to codegen.ts and to docker-compose.yml.
 */
export const subgraphModules: SubgraphModule[] = [authSubgraph, catalogSubgraph, inventorySubgraph, bookingSubgraph, foodSubgraph];
