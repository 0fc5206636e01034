import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { batchedConnections, findViews, isUuid } from '@marquee/platform';
import { StockLevel } from './entities/StockLevel.js';
import { StockMovement } from './entities/StockMovement.js';
import type { StockLevelView } from './views.js';

export function createLoaders(em: EntityManager) {
  return {
    /** One `WHERE product_id IN (...)` per tick; null for products never stocked or discontinued. */
    stockByProductId: new DataLoader<string, StockLevelView | null>(async (keys) => {
      const ids = keys.filter(isUuid);
      const rows = ids.length > 0 ? await findViews(em, StockLevel, { productId: ids, discontinuedAt: null }) : [];
      const byId = new Map(rows.map((row) => [row.productId, row]));
      return keys.map((key) => byId.get(key) ?? null);
    }),
    /** `StockLevel.movements` of every stock level in the response: one page statement and one count. */
    movementsByStockLevel: batchedConnections(em, {
      entity: StockMovement,
      parent: 'stockLevel',
      orderBy: { createdAt: 'desc', id: 'desc' },
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
