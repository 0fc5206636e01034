import type { StockMovementResolvers } from '../__generated__/resolvers-types.js';

export const StockMovement: StockMovementResolvers = {
  // A reference the router completes from auth.
  changedBy: (movement) => ({ id: movement.actorId }),
};
