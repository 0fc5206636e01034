import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Category } from './entities/Category.js';
import { Product } from './entities/Product.js';

/** Fixed ids, so the inventory seed (another database) can stock these very products. */
export const DEMO_CATEGORIES = [
  { id: '6f1c2a10-0000-4000-8000-000000000001', name: 'Snacks', slug: 'snacks', description: 'Popcorn, nachos and sweets for the show.' },
  { id: '6f1c2a10-0000-4000-8000-000000000002', name: 'Drinks', slug: 'drinks', description: 'Cold and hot drinks.' },
  { id: '6f1c2a10-0000-4000-8000-000000000003', name: 'Merchandise', slug: 'merchandise', description: 'Posters, mugs and shirts.' },
] as const;

export const DEMO_PRODUCTS = [
  { id: '7a2d3b20-0000-4000-8000-000000000001', categoryId: DEMO_CATEGORIES[0].id, name: 'Large Popcorn', price: '7.50', description: 'Salted, freshly popped.' },
  { id: '7a2d3b20-0000-4000-8000-000000000002', categoryId: DEMO_CATEGORIES[0].id, name: 'Nachos with Cheese', price: '6.90', description: 'Tortilla chips with warm cheese dip.' },
  { id: '7a2d3b20-0000-4000-8000-000000000003', categoryId: DEMO_CATEGORIES[0].id, name: 'Chocolate Bar', price: '2.50', description: null },
  { id: '7a2d3b20-0000-4000-8000-000000000004', categoryId: DEMO_CATEGORIES[1].id, name: 'Cola 0.5 l', price: '3.90', description: 'Ice cold.' },
  { id: '7a2d3b20-0000-4000-8000-000000000005', categoryId: DEMO_CATEGORIES[1].id, name: 'Sparkling Water 0.5 l', price: '2.90', description: null },
  { id: '7a2d3b20-0000-4000-8000-000000000006', categoryId: DEMO_CATEGORIES[1].id, name: 'Hot Coffee', price: '3.20', description: 'Filter coffee, milk on request.' },
  { id: '7a2d3b20-0000-4000-8000-000000000007', categoryId: DEMO_CATEGORIES[2].id, name: 'Classic Poster', price: '14.00', description: 'A2 poster of a cinema classic.' },
  { id: '7a2d3b20-0000-4000-8000-000000000008', categoryId: DEMO_CATEGORIES[2].id, name: 'Marquee Mug', price: '11.50', description: 'Ceramic, dishwasher safe.' },
] as const;

/** Adds the demo categories and products that are missing; running it twice changes nothing. */
export async function seedCatalog(em: EntityManager): Promise<number> {
  let created = 0;
  const existingCategories = new Set((await em.find(Category, { id: DEMO_CATEGORIES.map((c) => c.id) })).map((c) => c.id));
  for (const demo of DEMO_CATEGORIES) {
    if (existingCategories.has(demo.id)) continue;
    em.persist(Object.assign(new Category(), { ...demo }));
    created += 1;
  }
  const existingProducts = new Set((await em.find(Product, { id: DEMO_PRODUCTS.map((p) => p.id) })).map((p) => p.id));
  for (const { categoryId, ...demo } of DEMO_PRODUCTS) {
    if (existingProducts.has(demo.id)) continue;
    em.persist(Object.assign(new Product(), { ...demo, category: ref(em.getReference(Category, categoryId)) }));
    created += 1;
  }
  await em.flush();
  return created;
}
