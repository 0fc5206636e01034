import { findViewConnection, requireRole, selectsField } from '@marquee/platform';
import { User } from '../entities/User.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  me: (_parent, _args, { user, loaders }) => (user ? loaders.userById.load(user.id) : null),

  user: (_parent, { id }, { user, loaders }) => {
    requireRole(user, 'ADMIN');
    return loaders.userById.load(id);
  },

  users: (_parent, args, { user, em }, info) => {
    requireRole(user, 'ADMIN');
    return findViewConnection(em, User, {}, args, { createdAt: 'asc', id: 'asc' }, { count: selectsField(info, 'totalCount') });
  },
};
