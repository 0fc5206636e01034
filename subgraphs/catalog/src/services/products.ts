import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput, findConnection, isUuid, notFound, type Connection, type PageArgs } from '@marquee/platform';
import { ref, type FilterQuery } from '@mikro-orm/core';
import { Category } from '../entities/Category.js';
import { Product } from '../entities/Product.js';
import type { ProductEvents } from './product-events.js';
import { validDescription, validName, validPrice } from './validation.js';

export interface ProductFilter {
  categoryId?: string | null;
  search?: string | null;
}

export interface ProductInput {
  name?: string | null;
  description?: string | null;
  price?: string | null;
  categoryId?: string | null;
}

/** `%` and `_` in a search are literal text, not wildcards. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

export function listProducts(em: EntityManager, args: PageArgs, filter: ProductFilter | null | undefined): Promise<Connection<Product>> {
  const where: FilterQuery<Product>[] = [];
  if (filter?.categoryId) {
    // Not a UUID: no category has it, so the list is empty rather than a database error.
    if (!isUuid(filter.categoryId)) return findConnection(em, Product, { id: null }, args, { name: 'asc', id: 'asc' });
    where.push({ category: filter.categoryId });
  }
  const search = filter?.search?.trim();
  if (search) {
    const pattern = `%${escapeLike(search)}%`;
    where.push({ $or: [{ name: { $ilike: pattern } }, { description: { $ilike: pattern } }] });
  }
  return findConnection(em, Product, where.length > 0 ? { $and: where } : {}, args, { name: 'asc', id: 'asc' });
}

async function categoryReference(em: EntityManager, categoryId: string): Promise<Category> {
  const category = isUuid(categoryId) ? await em.findOne(Category, { id: categoryId }) : null;
  if (!category) throw notFound('No category has this id.');
  return category;
}

export async function findProduct(em: EntityManager, id: string): Promise<Product> {
  const product = isUuid(id) ? await em.findOne(Product, { id }) : null;
  if (!product) throw notFound('No product has this id.');
  return product;
}

export async function createProduct(
  em: EntityManager,
  input: ProductInput & { name: string; price: string; categoryId: string },
): Promise<Product> {
  const name = validName(input.name);
  const price = validPrice(input.price);
  const product = Object.assign(new Product(), {
    name,
    description: validDescription(input.description),
    price,
    category: ref(await categoryReference(em, input.categoryId)),
  });
  em.persist(product);
  await em.flush();
  return product;
}

/** Changes only the fields given. */
export async function updateProduct(em: EntityManager, id: string, input: ProductInput): Promise<Product> {
  if (input.name === null) throw badUserInput('Name cannot be removed.', 'name');
  if (input.price === null) throw badUserInput('Price cannot be removed.', 'price');
  if (input.categoryId === null) throw badUserInput('A product must have a category.', 'categoryId');
  const product = await findProduct(em, id);
  if (input.name !== undefined) product.name = validName(input.name);
  if (input.price !== undefined) product.price = validPrice(input.price);
  if (input.description !== undefined) product.description = validDescription(input.description);
  if (input.categoryId !== undefined) {
    product.category = ref(await categoryReference(em, input.categoryId));
  }
  await em.flush();
  return product;
}

/** Deletes, then (the delete committed) announces it so inventory drops the product's stock. */
export async function deleteProduct(em: EntityManager, events: ProductEvents, id: string): Promise<string> {
  const product = await findProduct(em, id);
  await em.remove(product).flush();
  await events.deleted(product.id);
  return id;
}
