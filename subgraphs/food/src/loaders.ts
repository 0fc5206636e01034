import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { batchedConnections, byIdLoader, isUuid } from '@marquee/platform';
import { FoodCategory } from './entities/FoodCategory.js';
import { MenuItem } from './entities/MenuItem.js';
import { Order } from './entities/Order.js';
import { OrderLine } from './entities/OrderLine.js';
import { Restaurant } from './entities/Restaurant.js';

/** Rows of many parents in one `WHERE parent IN (...)`, answered per parent in key order. */
function byParentLoader<T>(load: (ids: string[]) => Promise<T[]>, parentOf: (row: T) => string) {
  return new DataLoader<string, T[]>(async (keys) => {
    const ids = keys.filter(isUuid);
    const rows = ids.length > 0 ? await load(ids) : [];
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const parent = parentOf(row);
      groups.set(parent, [...(groups.get(parent) ?? []), row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

export function createLoaders(em: EntityManager) {
  return {
    restaurantById: byIdLoader((ids) => em.find(Restaurant, { id: { $in: ids } })),
    categoryById: byIdLoader((ids) => em.find(FoodCategory, { id: { $in: ids } })),
    menuItemById: byIdLoader((ids) => em.find(MenuItem, { id: { $in: ids } })),
    orderById: byIdLoader((ids) => em.find(Order, { id: { $in: ids } })),
    menuByRestaurant: byParentLoader(
      (ids) => em.find(MenuItem, { restaurant: { $in: ids } }, { orderBy: { name: 'asc', id: 'asc' } }),
      (item) => item.restaurant.id,
    ),
    categoriesByRestaurant: byParentLoader(
      (ids) => em.find(FoodCategory, { restaurant: { $in: ids } }, { orderBy: { name: 'asc', id: 'asc' } }),
      (category) => category.restaurant.id,
    ),
    linesByOrder: byParentLoader(
      (ids) => em.find(OrderLine, { order: { $in: ids } }, { orderBy: { position: 'asc' } }),
      (line) => line.order.id,
    ),
    /** `User.orders` of every user in the response: one page statement and one count. */
    ordersByUser: batchedConnections(em, { entity: Order, parent: 'userId', orderBy: { createdAt: 'desc', id: 'desc' } }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
