import { EntitySchema, PrimaryKeyProp } from '@mikro-orm/core';

/**
 * The stock of one catalog product. The product lives in catalog's database, so its id is the
 * key here without a foreign key; inventory checks it against catalog before creating a row.
 */
export class StockLevel {
  [PrimaryKeyProp]?: 'productId';
  productId!: string;
  quantityInStock = 0;
  reorderPoint = 0;
  /** numeric(10, 2) as a decimal string. */
  unitCost: string | null = null;
  supplier: string | null = null;
  lastRestockedAt: Date | null = null;
  /** Kept by PostgreSQL (a generated column), so lowStock is one indexed filter. */
  needsReorder?: boolean;
  /**
   * When catalog deleted the product (its product-deleted event). The row and its movements stay
   * as history, but the product is out of lowStock and inStock for good, and no change is accepted.
   */
  discontinuedAt: Date | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const StockLevelSchema = new EntitySchema<StockLevel>({
  class: StockLevel,
  tableName: 'stock_levels',
  checks: [
    // The last line of defence: no write path, however concurrent, can store a negative stock.
    { name: 'stock_levels_quantity_non_negative_check', expression: 'quantity_in_stock >= 0' },
    { name: 'stock_levels_reorder_point_non_negative_check', expression: 'reorder_point >= 0' },
    { name: 'stock_levels_unit_cost_non_negative_check', expression: 'unit_cost >= 0' },
  ],
  indexes: [{ name: 'stock_levels_low_stock_index', properties: ['needsReorder', 'quantityInStock', 'productId'] }],
  properties: {
    productId: { type: 'uuid', primary: true },
    quantityInStock: { type: 'integer', default: 0 },
    reorderPoint: { type: 'integer', default: 0 },
    unitCost: { type: 'decimal', precision: 10, scale: 2, nullable: true },
    supplier: { type: 'text', nullable: true },
    lastRestockedAt: { type: 'datetime', nullable: true },
    needsReorder: { type: 'boolean', generated: '(quantity_in_stock <= reorder_point) stored', nullable: true },
    discontinuedAt: { type: 'datetime', nullable: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    updatedAt: { type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() },
  },
});
