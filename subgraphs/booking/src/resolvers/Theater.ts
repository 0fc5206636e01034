import { pageSize } from '@marquee/platform';
import type { TheaterResolvers } from '../__generated__/resolvers-types.js';
import { showingWindow } from './showing-window.js';

export const Theater: TheaterResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.theaterById.load(id),
  capacity: async (theater, _args, { loaders }) => (await loaders.seatsByTheater.load(theater.id)).length,
  seats: (theater, _args, { loaders }) => loaders.seatsByTheater.load(theater.id),
  showings: async (theater, args, { loaders }) => {
    const first = pageSize(args.first);
    return (await loaders.showingsByTheater.load({ id: theater.id, ...showingWindow(args, loaders.requestedAt) })).slice(0, first);
  },
};
