import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import { FoodCategory } from './FoodCategory.js';
import { Restaurant } from './Restaurant.js';

export class MenuItem {
  id: string = randomUUID();
  restaurant!: Ref<Restaurant>;
  category: Ref<FoodCategory> | null = null;
  name!: string;
  description: string | null = null;
  /** Decimal string with two places ("12.50"), as PostgreSQL numeric returns it. */
  price!: string;
  available = true;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const MenuItemSchema = new EntitySchema<MenuItem>({
  class: MenuItem,
  tableName: 'menu_items',
  checks: [{ name: 'menu_items_price_check', expression: 'price >= 0' }],
  indexes: [{ name: 'menu_items_restaurant_index', properties: ['restaurant'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    restaurant: { kind: 'm:1', entity: () => Restaurant, ref: true, deleteRule: 'cascade' },
    category: { kind: 'm:1', entity: () => FoodCategory, ref: true, nullable: true, deleteRule: 'set null' },
    name: { type: 'text' },
    description: { type: 'text', nullable: true },
    price: { type: 'decimal', precision: 10, scale: 2 },
    available: { type: 'boolean', default: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    updatedAt: { type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() },
  },
});
