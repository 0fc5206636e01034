import type { SubgraphModule } from '@marquee/platform';
import { authSubgraph } from '@marquee/auth';
import { foodSubgraph } from '@marquee/food';

/**
 * Every subgraph, in start order (auth first: the others verify tokens with its JWKS).
 * A new subgraph adds itself here, to codegen.ts and to docker-compose.yml.
 */
export const subgraphModules: SubgraphModule[] = [authSubgraph, foodSubgraph];
