import { pageSize } from '@marquee/platform';
import type { RestaurantResolvers } from '../__generated__/resolvers-types.js';

export const Restaurant: RestaurantResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.restaurantById.load(id),
  // Capped like every list (schema: @listSize): the first `first`, at most 100.
  menu: async (restaurant, { categoryId, first }, { loaders }) => {
    const limit = pageSize(first);
    const items = await loaders.menuByRestaurant.load(restaurant.id);
    return (categoryId ? items.filter((item) => item.category?.id === categoryId) : items).slice(0, limit);
  },
  categories: async (restaurant, { first }, { loaders }) => (await loaders.categoriesByRestaurant.load(restaurant.id)).slice(0, pageSize(first)),
};
