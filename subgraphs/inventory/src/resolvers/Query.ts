import { findViewConnection, requireRole, selectsField } from '@marquee/platform';
import { StockLevel } from '../entities/StockLevel.js';
import type { QueryResolvers } from '../__generated__/resolvers-types.js';

export const Query: QueryResolvers = {
  // The generated needs_reorder column and its index make this one filtered, keyset-paged query.
  // Discontinued stock (catalog deleted the product) is left out: catalog could not complete it.
  lowStock: async (_parent, { first, after }, { user, em }, info) => {
    requireRole(user, 'MODERATOR');
    const page = await findViewConnection(
      em,
      StockLevel,
      { needsReorder: true, discontinuedAt: null },
      { first, after },
      { quantityInStock: 'asc', productId: 'asc' },
      { count: selectsField(info, 'totalCount') },
    );
    return { ...page, edges: page.edges.map(({ cursor, node }) => ({ cursor, node: { id: node.productId } })) };
  },
};
