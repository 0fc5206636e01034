import type { RestaurantResolvers } from '../__generated__/resolvers-types.js';

export const Restaurant: RestaurantResolvers = {
  __resolveReference: ({ id }, { loaders }) => loaders.restaurantById.load(id),
  menu: async (restaurant, { categoryId }, { loaders }) => {
    const items = await loaders.menuByRestaurant.load(restaurant.id);
    return categoryId ? items.filter((item) => item.category?.id === categoryId) : items;
  },
  categories: (restaurant, _args, { loaders }) => loaders.categoriesByRestaurant.load(restaurant.id),
};
