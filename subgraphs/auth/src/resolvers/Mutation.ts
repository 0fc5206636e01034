import { requireRole } from '@marquee/platform';
import type { MutationResolvers } from '../__generated__/resolvers-types.js';
import type { Sessions } from '../services/sessions.js';
import { changeRole } from '../services/users.js';

export function createMutationResolvers(sessions: Sessions): MutationResolvers {
  return {
    register: (_parent, { input }, { em }) => sessions.register(em, input),
    login: (_parent, { input }, { em }) => sessions.login(em, input),
    refreshToken: (_parent, { refreshToken }, { em }) => sessions.refresh(em, refreshToken),
    logout: (_parent, { refreshToken }, { em }) => sessions.logout(em, refreshToken),
    updateUserRole: (_parent, { userId, role }, { user, em }) => changeRole(em, requireRole(user, 'ADMIN'), userId, role),
  };
}
