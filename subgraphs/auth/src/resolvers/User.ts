import { forbidden, isStaff } from '@marquee/platform';
import type { UserView } from '../views.js';
import type { UserResolvers } from '../__generated__/resolvers-types.js';

/**
 * Users this response has just signed in (register, login, refresh). Their payload shows their
 * own email although the request itself carried no token. Weak: it lives as long as the entity.
 */
const signedInByThisResponse = new WeakSet<object>();
export const markSignedIn = (user: UserView): UserView => {
  signedInByThisResponse.add(user);
  return user;
};

export const User: UserResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.userById.load(id),

  email: (parent, _args, { user }) => {
    if (user?.id === parent.id || isStaff(user) || signedInByThisResponse.has(parent)) return parent.email;
    throw forbidden("Only the user and staff may see a user's email.");
  },
};
