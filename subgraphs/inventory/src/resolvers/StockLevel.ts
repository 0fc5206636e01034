import { findConnection } from '@marquee/platform';
import { StockMovement } from '../entities/StockMovement.js';
import type { StockLevelResolvers } from '../__generated__/resolvers-types.js';

export const StockLevel: StockLevelResolvers = {
  needsReorder: (level) => level.quantityInStock <= level.reorderPoint,

  movements: (level, { first, after }, { em }) =>
    findConnection(em, StockMovement, { stockLevel: level.productId }, { first, after }, { createdAt: 'desc', id: 'desc' }),
};
