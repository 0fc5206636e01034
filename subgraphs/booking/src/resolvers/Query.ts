import { badUserInput, escapeLike, findConnection, findViewConnection, findViews, isUuid, pageSize, requireUser, selectedBelow, selectsField } from '@marquee/platform';
import type { FilterQuery } from '@mikro-orm/core';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { Booking } from '../entities/Booking.js';
import { Movie } from '../entities/Movie.js';
import { Showing } from '../entities/Showing.js';
import { Theater } from '../entities/Theater.js';
import { findVisibleBooking } from '../services/bookings.js';
import { search } from '../services/search.js';
import { requiredText } from '../services/validation.js';
import type { Loaders } from '../loaders.js';

function showingFilter(filter: { movieId?: string | null; theaterId?: string | null; from?: Date | null; to?: Date | null }) {
  const where: FilterQuery<Showing> = {};
  for (const field of ['movieId', 'theaterId'] as const) {
    const id = filter[field];
    if (id && !isUuid(id)) throw badUserInput(`${field} is not an id.`, field);
  }
  if (filter.movieId) where.movie = filter.movieId;
  if (filter.theaterId) where.theater = filter.theaterId;
  if (filter.from || filter.to) {
    where.startsAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  }
  return where;
}

const BY_TITLE = { title: 'asc', id: 'asc' } as const;

const loaderOf = (loaders: Loaders, kind: 'Movie' | 'Theater' | 'Showing') =>
  kind === 'Movie' ? loaders.movieById : kind === 'Theater' ? loaders.theaterById : loaders.showingById;

export const Query: QueryResolvers = {
  // The genre is matched whole and case-blind, never as a pattern.
  movies: (_parent, { genre, ...page }, { em }, info) => {
    const count = { count: selectsField(info, 'totalCount') };
    return genre
      ? findConnection(em, Movie, { genre: { $ilike: escapeLike(requiredText(genre, 'genre', 50)) } }, page, BY_TITLE, count)
      : findViewConnection(em, Movie, {}, page, BY_TITLE, count);
  },
  movie: (_parent, { id }, { loaders }) => loaders.movieById.load(id),
  // Capped like every list (schema: @listSize): the first `first`, at most 100.
  theaters: (_parent, { first }, { em }) => findViews(em, Theater, {}, { orderBy: { name: 'asc', id: 'asc' }, limit: pageSize(first) }),
  theater: (_parent, { id }, { loaders }) => loaders.theaterById.load(id),
  showings: (_parent, { filter, ...page }, { em }, info) =>
    findConnection(em, Showing, showingFilter(filter ?? {}), page, { startsAt: 'asc', id: 'asc' }, { count: selectsField(info, 'totalCount') }),
  showing: (_parent, { id }, { loaders }) => loaders.showingById.load(id),
  booking: (_parent, { id }, { em, user }) => findVisibleBooking(em, requireUser(user), id),
  myBookings: (_parent, args, { em, user, loaders }, info) =>
    findViewConnection(em, Booking, { userId: requireUser(user).id }, args, { createdAt: 'desc', id: 'desc' }, {
      count: selectsField(info, 'totalCount'),
      include: loaders.bookingIncludes,
      wanted: selectedBelow(info, ['edges', 'node']),
    }),
  search: async (_parent, { query, first }, { em, loaders }) => {
    const hits = await search(em, query, first);
    const found = await Promise.all(hits.map((hit) => loaderOf(loaders, hit.kind).load(hit.id)));
    return found.filter((entity) => entity !== null);
  },
};
