import { forbidden, isStaff } from '@marquee/platform';
import type { ProductResolvers } from '../__generated__/resolvers-types.js';

export const Product: ProductResolvers = {
  // Inventory knows a product by its id alone: the fields below load its stock through the
  // request's loader, so N references cost one query, read once for all their fields.
  __resolveReference: ({ id }) => ({ id }),

  inStock: async ({ id }, _args, { loaders }) => ((await loaders.stockByProductId.load(id))?.quantityInStock ?? 0) > 0,

  stock: ({ id }, _args, { user, loaders }) => {
    if (!isStaff(user)) throw forbidden('Only staff (MODERATOR and up) may see stock levels.');
    return loaders.stockByProductId.load(id);
  },
};
