import type { StockLevelResolvers } from '../__generated__/resolvers-types.js';

export const StockLevel: StockLevelResolvers = {
  needsReorder: (level) => level.quantityInStock <= level.reorderPoint,

  movements: (level, { first, after }, { loaders }) => loaders.movementsByStockLevel.load(level.productId, { first, after }),
};
