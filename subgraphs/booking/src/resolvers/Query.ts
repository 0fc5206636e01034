import { badUserInput, findConnection, isUuid, requireUser } from '@marquee/platform';
import type { FilterQuery } from '@mikro-orm/core';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';
import { Booking } from '../entities/Booking.js';
import { Movie } from '../entities/Movie.js';
import { Showing } from '../entities/Showing.js';
import { Theater } from '../entities/Theater.js';
import { findVisibleBooking } from '../services/bookings.js';
import { search } from '../services/search.js';
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

const loaderOf = (loaders: Loaders, kind: 'Movie' | 'Theater' | 'Showing') =>
  kind === 'Movie' ? loaders.movieById : kind === 'Theater' ? loaders.theaterById : loaders.showingById;

export const Query: QueryResolvers = {
  movies: (_parent, { genre, ...page }, { em }) =>
    findConnection(em, Movie, genre ? { genre: { $ilike: genre.trim() } } : {}, page, { title: 'asc', id: 'asc' }),
  movie: (_parent, { id }, { loaders }) => loaders.movieById.load(id),
  theaters: (_parent, _args, { em }) => em.find(Theater, {}, { orderBy: { name: 'asc', id: 'asc' } }),
  theater: (_parent, { id }, { loaders }) => loaders.theaterById.load(id),
  showings: (_parent, { filter, ...page }, { em }) =>
    findConnection(em, Showing, showingFilter(filter ?? {}), page, { startsAt: 'asc', id: 'asc' }),
  showing: (_parent, { id }, { loaders }) => loaders.showingById.load(id),
  booking: (_parent, { id }, { em, user }) => findVisibleBooking(em, requireUser(user), id),
  myBookings: (_parent, args, { em, user }) =>
    findConnection(em, Booking, { userId: requireUser(user).id }, args, { createdAt: 'desc', id: 'desc' }),
  search: async (_parent, { query, first }, { em, loaders }) => {
    const hits = await search(em, query, first);
    const found = await Promise.all(hits.map((hit) => loaderOf(loaders, hit.kind).load(hit.id)));
    return found.filter((entity) => entity !== null);
  },
};
