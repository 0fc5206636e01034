import type { EntityView } from '@marquee/platform';
import type { User } from './entities/User.js';

/** What resolvers receive (ADR 0027): read paths return views, mutations their entities (which fit). */
export type UserView = EntityView<User, 'passwordHash'>;
