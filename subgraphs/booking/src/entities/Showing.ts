import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt, type Ref } from '@mikro-orm/core';
import { Movie } from './Movie.js';
import { Theater } from './Theater.js';

/** One screening of a movie in a theater over [startsAt, endsAt). */
export class Showing {
  id: string = randomUUID();
  movie!: Ref<Movie>;
  theater!: Ref<Theater>;
  startsAt!: Date;
  endsAt!: Date;
  /** Price of a STANDARD seat, numeric(10,2) as a decimal string. */
  price!: string;
  createdAt: Opt<Date> = new Date();
}

export const ShowingSchema = new EntitySchema<Showing>({
  class: Showing,
  tableName: 'showings',
  indexes: [
    { name: 'showings_starts_at_index', properties: ['startsAt', 'id'] },
    { name: 'showings_movie_index', properties: ['movie', 'startsAt'] },
    {
      // Two showings in one theater never overlap, however many admins schedule at once.
      // Needs btree_gist (uuid equality inside a GiST index); the migration creates it.
      name: 'showings_no_overlap',
      expression:
        'alter table "showings" add constraint "showings_no_overlap" exclude using gist ' +
        '(theater_id with =, tstzrange(starts_at, ends_at) with &&)',
    },
  ],
  checks: [
    { name: 'showings_time_check', expression: 'ends_at > starts_at' },
    { name: 'showings_price_check', expression: 'price >= 0' },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    movie: { kind: 'm:1', entity: () => Movie, ref: true, deleteRule: 'restrict' },
    theater: { kind: 'm:1', entity: () => Theater, ref: true, deleteRule: 'restrict' },
    startsAt: { type: 'datetime' },
    endsAt: { type: 'datetime' },
    price: { type: 'decimal', precision: 10, scale: 2 },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
  },
});
