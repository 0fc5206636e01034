import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';

export class Restaurant {
  id: string = randomUUID();
  name!: string;
  address!: string;
  phone: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const RestaurantSchema = new EntitySchema<Restaurant>({
  class: Restaurant,
  tableName: 'restaurants',
  indexes: [{ name: 'restaurants_name_index', properties: ['name', 'id'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'text' },
    address: { type: 'text' },
    phone: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    updatedAt: { type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() },
  },
});
