import { DateTimeScalar, MoneyScalar, type Outbox } from '@marquee/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Category } from './Category.js';
import { createMutationResolvers } from './Mutation.js';
import { Product } from './Product.js';
import { Query } from './Query.js';

export const createResolvers = (outbox: Outbox): Resolvers => ({
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Query,
  Mutation: createMutationResolvers(outbox),
  Category,
  Product,
});
