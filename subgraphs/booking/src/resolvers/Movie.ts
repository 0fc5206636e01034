import type { MovieResolvers } from '../__generated__/resolvers-types.js';
import { showingWindow } from './showing-window.js';

export const Movie: MovieResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.movieById.load(id),
  showings: (movie, args, { loaders }) => loaders.showingsByMovie.load({ id: movie.id, ...showingWindow(args, loaders.requestedAt) }),
};
