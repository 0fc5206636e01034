import { DateTimeScalar, MoneyScalar, type Outbox } from '@marquee/platform';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Movie as MovieEntity } from '../entities/Movie.js';
import { Theater as TheaterEntity } from '../entities/Theater.js';
import { Booking } from './Booking.js';
import { Movie } from './Movie.js';
import { createMutation } from './Mutation.js';
import { Query } from './Query.js';
import { Showing } from './Showing.js';
import { Theater } from './Theater.js';
import { User } from './User.js';

export const createResolvers = (outbox: Outbox): Resolvers => ({
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Query,
  Mutation: createMutation(outbox),
  Theater,
  Movie,
  Showing,
  Booking,
  User,
  SearchResult: {
    __resolveType: (entity) => (entity instanceof MovieEntity ? 'Movie' : entity instanceof TheaterEntity ? 'Theater' : 'Showing'),
  },
});
