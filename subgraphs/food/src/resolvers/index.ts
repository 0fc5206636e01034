import { DateTimeScalar, MoneyScalar, type Outbox } from '@marquee/platform';
import type { Orders } from '../services/orders.js';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { MenuItem } from './MenuItem.js';
import { createMutationResolvers } from './Mutation.js';
import { Order, OrderLine } from './Order.js';
import { Query } from './Query.js';
import { Restaurant } from './Restaurant.js';
import { User } from './User.js';

/** Subscription fields are declared here but served by the router (DESIGN.md §3). */
export function createResolvers(orders: Orders, outbox: Outbox): Resolvers {
  return {
    DateTime: DateTimeScalar,
    Money: MoneyScalar,
    Query,
    Mutation: createMutationResolvers(orders, outbox),
    Restaurant,
    MenuItem,
    Order,
    OrderLine,
    User,
  };
}
