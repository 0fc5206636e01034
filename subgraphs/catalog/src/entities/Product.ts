import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import { Category } from './Category.js';

export class Product {
  id: string = randomUUID();
  name!: string;
  description: string | null = null;
  /** numeric(10, 2), read as a decimal string: money never passes through a float. */
  price!: string;
  category!: Ref<Category>;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const ProductSchema = new EntitySchema<Product>({
  class: Product,
  tableName: 'products',
  checks: [
    { name: 'products_name_length_check', expression: 'char_length(name) >= 1 and char_length(name) <= 200' },
    { name: 'products_price_positive_check', expression: 'price > 0' },
  ],
  // Listing pages by name (keyset on name, id), overall and within a category.
  indexes: [
    { name: 'products_name_index', properties: ['name', 'id'] },
    { name: 'products_category_name_index', properties: ['category', 'name', 'id'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'text' },
    description: { type: 'text', nullable: true },
    price: { type: 'decimal', precision: 10, scale: 2 },
    // No delete rule: PostgreSQL refuses to delete a category that still has products.
    category: { kind: 'm:1', entity: () => Category, ref: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    updatedAt: { type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() },
  },
});
