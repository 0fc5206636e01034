import type { MenuItemResolvers } from '../__generated__/resolvers-types.js';
import { loaded } from './loaded.js';

export const MenuItem: MenuItemResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.menuItemById.load(id),
  restaurant: (item, _args, { loaders }) => loaded(loaders.restaurantById, item.restaurant.id),
  category: (item, _args, { loaders }) => (item.category ? loaders.categoryById.load(item.category.id) : null),
};
