import { DateTimeScalar, MoneyScalar } from '@marquee/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Category } from './Category.js';
import { Mutation } from './Mutation.js';
import { Product } from './Product.js';
import { Query } from './Query.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Query,
  Mutation,
  Category,
  Product,
};
