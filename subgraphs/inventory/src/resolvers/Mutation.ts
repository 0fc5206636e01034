import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import type { StockService } from '../services/stock.js';

/** Each returns the product; the router completes its catalog fields. Roles are checked in the service. */
export function createMutationResolvers(stock: StockService): MutationResolvers {
  return {
    setStock: async (_parent, { input }, { user, em, requestId }) => ({
      id: (await stock.setStock(em, user, requestId, input)).productId,
    }),
    restock: async (_parent, { input }, { user, em, requestId }) => ({
      id: (await stock.restock(em, user, requestId, input)).productId,
    }),
    adjustStock: async (_parent, { input }, { user, em, requestId }) => ({
      id: (await stock.adjustStock(em, user, requestId, input)).productId,
    }),
  };
}
