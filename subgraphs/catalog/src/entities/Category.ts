import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/core';

export class Category {
  id: string = randomUUID();
  name!: string;
  slug!: string;
  description: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

/** The same rules as the service checks, kept by the database so no write path can skip them. */
export const CategorySchema = new EntitySchema<Category>({
  class: Category,
  tableName: 'categories',
  checks: [
    { name: 'categories_name_length_check', expression: 'char_length(name) >= 1 and char_length(name) <= 200' },
    { name: 'categories_slug_format_check', expression: `slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'` },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    name: { type: 'text' },
    slug: { type: 'text', unique: 'categories_slug_unique' },
    description: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    updatedAt: { type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() },
  },
});
