import type { SubgraphContext } from '@marquee/platform';
import type { Loaders } from './loaders.js';

export type Context = SubgraphContext<Loaders>;
