import { DateTimeScalar, MoneyScalar } from '@marquee/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { StockService } from '../services/stock.js';
import { createMutationResolvers } from './Mutation.js';
import { Product } from './Product.js';
import { Query } from './Query.js';
import { StockLevel } from './StockLevel.js';
import { StockMovement } from './StockMovement.js';

export function createResolvers(stock: StockService): Resolvers {
  return {
    DateTime: DateTimeScalar,
    Money: MoneyScalar,
    Query,
    Mutation: createMutationResolvers(stock),
    Product,
    StockLevel,
    StockMovement,
  };
}
