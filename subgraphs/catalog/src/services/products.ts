import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput, catalogChannels, findConnection, findViewConnection, isUuid, notFound, type Connection, type OutboxEvents, type PageArgs, type ViewConnectionOptions } from '@marquee/platform';
import { ref, type FilterQuery } from '@mikro-orm/core';
import { Category } from '../entities/Category.js';
import { Product } from '../entities/Product.js';
import type { ProductView } from '../views.js';
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

const BY_NAME = { name: 'asc', id: 'asc' } as const;

/** `%` and `_` in a search are literal text, not wildcards. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** Products by name; without a text search (the common page) from the read views (ADR 0027). */
export function listProducts(
  em: EntityManager,
  args: PageArgs,
  filter: ProductFilter | null | undefined,
  options: ViewConnectionOptions<Product> = {},
): Promise<Connection<ProductView>> {
  // Not a UUID: no category has it, so the list is empty rather than a database error.
  const categoryId = filter?.categoryId ? (isUuid(filter.categoryId) ? filter.categoryId : null) : undefined;
  const search = filter?.search?.trim();
  if (!search) {
    return findViewConnection(em, Product, categoryId === undefined ? {} : categoryId === null ? { id: null } : { category: categoryId }, args, BY_NAME, options);
  }
  const pattern = `%${escapeLike(search)}%`;
  const where: FilterQuery<Product>[] = [{ $or: [{ name: { $ilike: pattern } }, { description: { $ilike: pattern } }] }];
  if (categoryId !== undefined) where.push(categoryId === null ? { id: null } : { category: categoryId });
  return findConnection(em, Product, { $and: where }, args, BY_NAME, { count: options.count });
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

/**
 * Deletes, with the product-deleted event in the same transaction (the outbox), so inventory drops
 * the product's stock once the delete commits, and only then, at least once.
 */
export async function deleteProduct(em: EntityManager, events: OutboxEvents, id: string): Promise<string> {
  const product = await findProduct(em, id);
  await em.remove(product).flush();
  events.add({
    type: 'catalog.product.deleted',
    entityId: product.id,
    channels: [catalogChannels.productDeleted],
    data: { productId: product.id, deletedAt: new Date().toISOString() },
  });
  return id;
}
