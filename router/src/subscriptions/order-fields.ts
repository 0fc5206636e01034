import { GraphQLError } from 'graphql';
import { isUuid, notFound, orderChannels, requireRole, requireUser, type AuthUser } from '@marquee/platform';
import type { Caller, RunOperation } from './types.js';

/** How the router serves one subscription field of the supergraph. */
export interface SubscriptionField {
  /** Throws a coded GraphQLError when the caller may not subscribe. */
  authorize(args: Record<string, unknown>, caller: Caller, run: RunOperation): Promise<AuthUser>;
  /** The event channel to listen on; every event names an order, re-read as the caller. */
  channel(args: Record<string, unknown>, user: AuthUser): string;
}

/** Asks the supergraph itself whether the caller sees the thing, with the subgraph's own rules. */
async function assertVisible(run: RunOperation, caller: Caller, query: string, id: unknown, message: string) {
  if (typeof id !== 'string' || !isUuid(id)) throw notFound(message);
  const result = await run({ query, variables: { id } }, caller);
  const data = result.data as Record<string, unknown> | null | undefined;
  const value = data ? Object.values(data)[0] : null;
  if (value) return;
  const code = result.errors?.[0]?.extensions?.code;
  if (code === 'NOT_FOUND' || code === 'FORBIDDEN' || !result.errors) throw notFound(message);
  throw new GraphQLError('Could not check access to this subscription. Please try again.', {
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

export const subscriptionFields: Record<string, SubscriptionField> = {
  /** The order's owner or staff: the same rule as Query.order, asked of the food subgraph. */
  orderUpdated: {
    async authorize(args, caller, run) {
      const user = requireUser(caller.user);
      await assertVisible(run, caller, 'query ($id: ID!) { order(id: $id) { id } }', args.orderId, 'No order of yours has this id.');
      return user;
    },
    channel: (args) => orderChannels.order(String(args.orderId)),
  },

  myOrderUpdates: {
    async authorize(_args, caller) {
      return requireUser(caller.user);
    },
    // The channel comes from the verified token: nobody can listen to another user's orders.
    channel: (_args, user) => orderChannels.user(user.id),
  },

  restaurantOrderUpdates: {
    async authorize(args, caller, run) {
      const user = requireRole(caller.user, 'MODERATOR');
      await assertVisible(run, caller, 'query ($id: ID!) { restaurant(id: $id) { id } }', args.restaurantId, 'No restaurant has this id.');
      return user;
    },
    channel: (args) => orderChannels.restaurant(String(args.restaurantId)),
  },
};
