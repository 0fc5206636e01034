import { DateTimeScalar } from '@marquee/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { Sessions } from '../services/sessions.js';
import { createMutationResolvers } from './Mutation.js';
import { Query } from './Query.js';
import { markSignedIn, User } from './User.js';

export function createResolvers(sessions: Sessions): Resolvers {
  return {
    DateTime: DateTimeScalar,
    Query,
    Mutation: createMutationResolvers(sessions),
    User,
    AuthPayload: { user: (payload) => markSignedIn(payload.user) },
  };
}
