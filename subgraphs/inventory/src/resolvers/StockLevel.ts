import { selectsField } from '@marquee/platform';
import type { StockLevelResolvers } from '../__generated__/resolvers-types.js';

export const StockLevel: StockLevelResolvers = {
  needsReorder: (level) => level.quantityInStock <= level.reorderPoint,

  movements: (level, { first, after }, { loaders }, info) =>
    loaders.movementsByStockLevel.load(level.productId, { first, after }, { count: selectsField(info, 'totalCount') }),
};
