import type { ShowingResolvers } from '../__generated__/resolvers-types.js';
import type { ShowingView } from '../views.js';
import type { Loaders } from '../loaders.js';
import { presentRow } from './present.js';

async function seatAvailability(showing: ShowingView, loaders: Loaders) {
  const [seats, taken] = await Promise.all([
    loaders.seatsByTheater.load(showing.theater.id),
    loaders.takenSeatsByShowing.load(showing.id),
  ]);
  const takenIds = new Set(taken.map((row) => row.seat_id));
  return seats.map((seat) => ({ seat, available: !takenIds.has(seat.id) }));
}

export const Showing: ShowingResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.showingById.load(id),
  movie: (showing, _args, { loaders }) => presentRow(loaders.movieById, showing.movie.id, 'movie'),
  theater: (showing, _args, { loaders }) => presentRow(loaders.theaterById, showing.theater.id, 'theater'),
  availableSeatCount: async (showing, _args, { loaders }) =>
    (await seatAvailability(showing, loaders)).filter((entry) => entry.available).length,
  seatMap: (showing, _args, { loaders }) => seatAvailability(showing, loaders),
};
