import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { batchedConnections, byIdLoader, findViews, isUuid, type ViewIncludes } from '@marquee/platform';
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
  const restaurantById = byIdLoader((ids) => findViews(em, Restaurant, { id: ids }));
  /** An order's restaurant, read with the orders when the operation follows it. */
  const orderIncludes: ViewIncludes<Order> = { restaurant: { each: (restaurant) => restaurantById.prime(restaurant.id, restaurant) } };
  return {
    restaurantById,
    orderIncludes,
    categoryById: byIdLoader((ids) => findViews(em, FoodCategory, { id: ids })),
    menuItemById: byIdLoader((ids) => findViews(em, MenuItem, { id: ids })),
    orderById: byIdLoader((ids) => findViews(em, Order, { id: ids })),
    menuByRestaurant: byParentLoader(
      (ids) => findViews(em, MenuItem, { restaurant: ids }, { orderBy: { name: 'asc', id: 'asc' } }),
      (item) => item.restaurant.id,
    ),
    categoriesByRestaurant: byParentLoader(
      (ids) => findViews(em, FoodCategory, { restaurant: ids }, { orderBy: { name: 'asc', id: 'asc' } }),
      (category) => category.restaurant.id,
    ),
    linesByOrder: byParentLoader(
      (ids) => findViews(em, OrderLine, { order: ids }, { orderBy: { position: 'asc' } }),
      (line) => line.order.id,
    ),
    /** `User.orders` of every user in the response: one page statement and one count. */
    ordersByUser: batchedConnections(em, { entity: Order, parent: 'userId', orderBy: { createdAt: 'desc', id: 'desc' }, include: orderIncludes }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
