import type { EntityManager } from '@mikro-orm/postgresql';
import { ref } from '@mikro-orm/core';
import { StockLevel } from './entities/StockLevel.js';
import { StockMovement } from './entities/StockMovement.js';

/** Who the demo stock movements name: no user, as nobody made them. */
const SEED_ACTOR_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Stock for catalog's demo products. Inventory cannot read catalog's database, so these are the
 * fixed ids of catalog's seed (a test checks the two lists agree). Some start at or under their
 * reorder point, so lowStock has something to show.
 */
export const DEMO_STOCK = [
  { productId: '7a2d3b20-0000-4000-8000-000000000001', quantityInStock: 120, reorderPoint: 40, unitCost: '1.10', supplier: 'PopCo' },
  { productId: '7a2d3b20-0000-4000-8000-000000000002', quantityInStock: 15, reorderPoint: 20, unitCost: '1.80', supplier: 'PopCo' },
  { productId: '7a2d3b20-0000-4000-8000-000000000003', quantityInStock: 60, reorderPoint: 25, unitCost: '0.70', supplier: 'Sweet Supply' },
  { productId: '7a2d3b20-0000-4000-8000-000000000004', quantityInStock: 200, reorderPoint: 50, unitCost: '0.60', supplier: 'Fizz Ltd' },
  { productId: '7a2d3b20-0000-4000-8000-000000000005', quantityInStock: 0, reorderPoint: 30, unitCost: '0.40', supplier: 'Fizz Ltd' },
  { productId: '7a2d3b20-0000-4000-8000-000000000006', quantityInStock: 80, reorderPoint: 20, unitCost: '0.35', supplier: 'Bean There' },
  { productId: '7a2d3b20-0000-4000-8000-000000000007', quantityInStock: 5, reorderPoint: 5, unitCost: '3.00', supplier: 'Print House' },
  // The mug (…008) is left unstocked on purpose: its stock is null and it is not in stock.
] as const;

/** Adds the demo stock that is missing, each with the movement that set it; idempotent. */
export async function seedInventory(em: EntityManager): Promise<number> {
  const existing = new Set((await em.find(StockLevel, { productId: DEMO_STOCK.map((s) => s.productId) })).map((s) => s.productId));
  let created = 0;
  for (const demo of DEMO_STOCK) {
    if (existing.has(demo.productId)) continue;
    const level = Object.assign(new StockLevel(), { ...demo, lastRestockedAt: new Date() });
    em.persist(level);
    em.persist(
      Object.assign(new StockMovement(), {
        stockLevel: ref(level),
        delta: demo.quantityInStock,
        quantityAfter: demo.quantityInStock,
        kind: 'SET',
        reason: 'Demo data',
        actorId: SEED_ACTOR_ID,
      }),
    );
    created += 1;
  }
  await em.flush();
  return created;
}
