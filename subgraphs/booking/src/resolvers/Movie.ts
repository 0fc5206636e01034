import { pageSize } from '@marquee/platform';
import type { MovieResolvers } from '../__generated__/resolvers-types.js';
import { showingWindow } from './showing-window.js';

export const Movie: MovieResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.movieById.load(id),
  showings: async (movie, args, { loaders }) => {
    const first = pageSize(args.first);
    return (await loaders.showingsByMovie.load({ id: movie.id, ...showingWindow(args, loaders.requestedAt) })).slice(0, first);
  },
};
