import { randomUUID } from 'node:crypto';
import { EntitySchema, type Opt } from '@mikro-orm/core';

/** Weighted text a theater is found by: its name counts more than its address. */
export const THEATER_SEARCH_VECTOR = `(setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', address), 'B'))`;

export class Theater {
  id: string = randomUUID();
  name!: string;
  address!: string;
  createdAt: Opt<Date> = new Date();
}

export const TheaterSchema = new EntitySchema<Theater>({
  class: Theater,
  tableName: 'theaters',
  indexes: [
    {
      name: 'theaters_search_index',
      expression: `create index "theaters_search_index" on "theaters" using gin (${THEATER_SEARCH_VECTOR})`,
    },
  ],
  checks: [{ name: 'theaters_name_check', expression: 'length(trim(both from name)) > 0' }],
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'text', unique: 'theaters_name_unique' },
    address: { type: 'text' },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
  },
});
