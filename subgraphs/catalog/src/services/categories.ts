import { ForeignKeyConstraintViolationException, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput, conflict, isUuid, notFound } from '@marquee/platform';
import { Category } from '../entities/Category.js';
import { slugFor, validDescription, validName, validSlug } from './validation.js';

export interface CategoryInput {
  name?: string | null;
  slug?: string | null;
  description?: string | null;
}

/** Flushes, turning the slug's unique index into CONFLICT so two racing writes cannot share one. */
async function flushCategory(em: EntityManager, slug: string): Promise<void> {
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      em.clear();
      throw conflict(`Another category already has the slug "${slug}".`, { field: 'slug' });
    }
    throw error;
  }
}

export async function findCategory(em: EntityManager, id: string): Promise<Category> {
  const category = isUuid(id) ? await em.findOne(Category, { id }) : null;
  if (!category) throw notFound('No category has this id.');
  return category;
}

export async function createCategory(em: EntityManager, input: CategoryInput & { name: string }): Promise<Category> {
  const name = validName(input.name);
  const category = Object.assign(new Category(), {
    name,
    slug: slugFor(name, input.slug),
    description: validDescription(input.description),
  });
  em.persist(category);
  await flushCategory(em, category.slug);
  return category;
}

/** Changes only the fields given; a new name keeps the old slug unless a slug is given too. */
export async function updateCategory(em: EntityManager, id: string, input: CategoryInput): Promise<Category> {
  if (input.name === null) throw badUserInput('Name cannot be removed.', 'name');
  if (input.slug === null) throw badUserInput('Slug cannot be removed.', 'slug');
  const category = await findCategory(em, id);
  if (input.name !== undefined) category.name = validName(input.name);
  if (input.slug !== undefined) category.slug = validSlug(input.slug);
  if (input.description !== undefined) category.description = validDescription(input.description);
  await flushCategory(em, category.slug);
  return category;
}

/** The foreign key from products decides, so a product added meanwhile still blocks the delete. */
export async function deleteCategory(em: EntityManager, id: string): Promise<string> {
  const category = await findCategory(em, id);
  em.remove(category);
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof ForeignKeyConstraintViolationException) {
      em.clear();
      throw conflict('This category still has products; move or delete them first.');
    }
    throw error;
  }
  return id;
}
