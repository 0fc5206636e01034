import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import { StockLevel } from './StockLevel.js';

export const STOCK_MOVEMENT_KINDS = ['SET', 'RESTOCK', 'ADJUSTMENT'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

/** One change to a stock level: written in the same transaction as the change itself. */
export class StockMovement {
  id: string = randomUUID();
  stockLevel!: Ref<StockLevel>;
  delta!: number;
  quantityAfter!: number;
  kind!: StockMovementKind;
  reason!: string;
  /** The auth user who made the change. */
  actorId!: string;
  createdAt: Date = new Date();
}

export const StockMovementSchema = new EntitySchema<StockMovement>({
  class: StockMovement,
  tableName: 'stock_movements',
  checks: [
    { name: 'stock_movements_quantity_after_check', expression: 'quantity_after >= 0' },
  ],
  // A stock level's movements, newest first (keyset on created_at, id).
  indexes: [{ name: 'stock_movements_level_created_index', properties: ['stockLevel', 'createdAt', 'id'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    stockLevel: { kind: 'm:1', entity: () => StockLevel, ref: true, fieldName: 'product_id', deleteRule: 'cascade' },
    delta: { type: 'integer' },
    quantityAfter: { type: 'integer' },
    // An enum property: MikroORM writes (and diffs) the CHECK that keeps kind to these values.
    kind: { enum: true, items: () => [...STOCK_MOVEMENT_KINDS] },
    reason: { type: 'text' },
    actorId: { type: 'uuid' },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
  },
});
