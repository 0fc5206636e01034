import type { EntityView } from '@marquee/platform';
import type { StockLevel } from './entities/StockLevel.js';
import type { StockMovement } from './entities/StockMovement.js';

/** What resolvers receive (ADR 0027): read paths return views, mutations their entities (which fit). */
export type StockLevelView = EntityView<StockLevel>;
export type StockMovementView = EntityView<StockMovement>;
