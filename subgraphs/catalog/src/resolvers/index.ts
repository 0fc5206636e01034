import { DateTimeScalar, MoneyScalar } from '@marquee/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { ProductEvents } from '../services/product-events.js';
import { Category } from './Category.js';
import { createMutationResolvers } from './Mutation.js';
import { Product } from './Product.js';
import { Query } from './Query.js';

export const createResolvers = (events: ProductEvents): Resolvers => ({
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Query,
  Mutation: createMutationResolvers(events),
  Category,
  Product,
});
