import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt } from '@mikro-orm/core';

/** Weighted text a movie is found by: title first, then genre, then description. */
export const MOVIE_SEARCH_VECTOR =
  `(setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', genre), 'B')` +
  ` || setweight(to_tsvector('english', coalesce(description, '')), 'C'))`;

export class Movie {
  id: string = randomUUID();
  title!: string;
  description: string | null = null;
  durationMinutes!: number;
  genre!: string;
  createdAt: Opt<Date> = new Date();
  updatedAt: Opt<Date> = new Date();
}

export const MovieSchema = new EntitySchema<Movie>({
  class: Movie,
  tableName: 'movies',
  indexes: [
    {
      name: 'movies_search_index',
      expression: `create index "movies_search_index" on "movies" using gin (${MOVIE_SEARCH_VECTOR})`,
    },
    { name: 'movies_title_index', properties: ['title', 'id'] },
  ],
  checks: [
    { name: 'movies_duration_check', expression: 'duration_minutes >= 1 and duration_minutes <= 600' },
    { name: 'movies_title_check', expression: 'length(trim(both from title)) > 0' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    title: { type: 'text' },
    description: { type: 'text', nullable: true },
    durationMinutes: { type: 'integer' },
    genre: { type: 'text' },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    updatedAt: { type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() },
  },
});
