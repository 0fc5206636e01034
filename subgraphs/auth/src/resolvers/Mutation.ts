import { requireRole, requireUser } from '@marquee/platform';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import type { Sessions } from '../services/sessions.js';
import { changeRole } from '../services/users.js';

export function createMutationResolvers(sessions: Sessions): MutationResolvers {
  return {
    register: (_parent, { input }, { em }) => sessions.register(em, input),
    login: (_parent, { input }, { em, clientAddress }) => sessions.login(em, input, clientAddress),
    refreshToken: (_parent, { refreshToken }, { em }) => sessions.refresh(em, refreshToken),
    logout: (_parent, { refreshToken }, { em, user }) => sessions.logout(em, refreshToken, user),
    changePassword: (_parent, { input }, { em, user, clientAddress }) => sessions.changePassword(em, requireUser(user), input, clientAddress),
    deleteUser: (_parent, { id }, { em, user }) => sessions.deleteUser(em, requireUser(user), id),
    updateUserRole: async (_parent, { userId, role }, { user, em }) => {
      const changed = await changeRole(em, requireRole(user, 'ADMIN'), userId, role);
      // The old role is in every token issued so far: they stop working.
      await sessions.revokeAccessTokens(changed.id);
      return changed;
    },
  };
}
