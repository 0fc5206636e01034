import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import { Restaurant } from './Restaurant.js';

/** A section of one restaurant's menu; names are unique within the restaurant. */
export class FoodCategory {
  id: string = randomUUID();
  restaurant!: Ref<Restaurant>;
  name!: string;
  description: string | null = null;
  createdAt: Date = new Date();
}

export const FoodCategorySchema = new EntitySchema<FoodCategory>({
  class: FoodCategory,
  tableName: 'food_categories',
  uniques: [{ name: 'food_categories_restaurant_name_unique', properties: ['restaurant', 'name'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    restaurant: { kind: 'm:1', entity: () => Restaurant, ref: true, deleteRule: 'cascade' },
    name: { type: 'text' },
    description: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
  },
});
