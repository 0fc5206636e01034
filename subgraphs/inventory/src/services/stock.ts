import { LockMode, ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { conflict, entityChangedEvent, ErrorCode, isUuid, notFound, requireRole, type AuthUser, type Outbox } from '@marquee/platform';
import { GraphQLError } from 'graphql';
import { StockLevel } from '../entities/StockLevel.js';
import { StockMovement, type StockMovementKind } from '../entities/StockMovement.js';
import type { CatalogClient } from './catalog-client.js';
import { discontinueExistingStock } from './discontinue.js';
import { MAX_QUANTITY, validDelta, validQuantity, validReason, validSupplier, validUnitCost } from './stock-input.js';

export interface SetStockInput {
  productId: string;
  quantityInStock: number;
  reorderPoint?: number | null;
  unitCost?: string | null;
  supplier?: string | null;
}

export interface RestockInput {
  productId: string;
  quantity: number;
  supplier?: string | null;
}

export interface AdjustStockInput {
  productId: string;
  delta: number;
  reason: string;
}

/** What one change does to a locked stock level, and how its movement is described. */
type Change = (level: StockLevel) => { kind: StockMovementKind; reason: string };

/**
 * Stock changes: each one checks the product with catalog first (no lock is held during that
 * call), then locks the product's row, applies the change and writes its movement in one
 * transaction. The row lock serializes concurrent changes to one product, so a decrement sees
 * every earlier one; the CHECK constraint backs that up.
 */
export class StockService {
  constructor(
    private readonly catalog: CatalogClient,
    /** Each change commits with `entity.changed` for its Product (inStock): cached answers are dropped. */
    private readonly outbox: Outbox,
  ) {}

  /**
   * Catalog must have the product. When it says it has not, any stock left for it (an event
   * inventory missed) is discontinued on the way out, so lowStock heals itself too.
   */
  private async requireProduct(em: EntityManager, productId: string, requestId: string): Promise<void> {
    try {
      await this.catalog.requireProduct(productId, requestId);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.NOT_FOUND && isUuid(productId)) await discontinueExistingStock(em, productId);
      throw error;
    }
  }

  async setStock(em: EntityManager, user: AuthUser | null, requestId: string, input: SetStockInput): Promise<StockLevel> {
    const actor = requireRole(user, 'ADMIN');
    const quantity = validQuantity(input.quantityInStock, 'quantityInStock');
    const reorderPoint = input.reorderPoint === null || input.reorderPoint === undefined ? undefined : validQuantity(input.reorderPoint, 'reorderPoint');
    const unitCost = input.unitCost === null || input.unitCost === undefined ? undefined : validUnitCost(input.unitCost);
    const supplier = input.supplier === null || input.supplier === undefined ? undefined : validSupplier(input.supplier);
    await this.requireProduct(em, input.productId, requestId);
    return changeStock(this.outbox, em, actor, input.productId, (level) => {
      level.quantityInStock = quantity;
      if (reorderPoint !== undefined) level.reorderPoint = reorderPoint;
      if (unitCost !== undefined) level.unitCost = unitCost;
      if (supplier !== undefined) level.supplier = supplier;
      return { kind: 'SET', reason: 'Stock counted and set' };
    });
  }

  async restock(em: EntityManager, user: AuthUser | null, requestId: string, input: RestockInput): Promise<StockLevel> {
    const actor = requireRole(user, 'ADMIN');
    const quantity = validQuantity(input.quantity, 'quantity', 1);
    const supplier = input.supplier === null || input.supplier === undefined ? undefined : validSupplier(input.supplier);
    await this.requireProduct(em, input.productId, requestId);
    return changeStock(this.outbox, em, actor, input.productId, (level) => {
      level.quantityInStock = withinLimit(level.quantityInStock + quantity);
      if (supplier !== undefined) level.supplier = supplier;
      level.lastRestockedAt = new Date();
      return { kind: 'RESTOCK', reason: level.supplier ? `Delivery from ${level.supplier}` : 'Delivery' };
    });
  }

  async adjustStock(em: EntityManager, user: AuthUser | null, requestId: string, input: AdjustStockInput): Promise<StockLevel> {
    const actor = requireRole(user, 'ADMIN');
    const delta = validDelta(input.delta);
    const reason = validReason(input.reason);
    await this.requireProduct(em, input.productId, requestId);
    return changeStock(this.outbox, em, actor, input.productId, (level) => {
      const after = level.quantityInStock + delta;
      if (after < 0) {
        throw conflict(`Only ${level.quantityInStock} in stock: cannot remove ${-delta}. Nothing was changed.`, {
          quantityInStock: level.quantityInStock,
        });
      }
      level.quantityInStock = withinLimit(after);
      return { kind: 'ADJUSTMENT', reason };
    });
  }
}

function withinLimit(quantity: number): number {
  if (quantity > MAX_QUANTITY) throw conflict(`Stock cannot exceed ${MAX_QUANTITY}. Nothing was changed.`);
  return quantity;
}

async function changeStock(outbox: Outbox, em: EntityManager, actor: AuthUser, productId: string, change: Change): Promise<StockLevel> {
  return outbox.transactional(em, async (tx, events) => {
    // Creates the row at zero when missing; a concurrent creator waits here, then does nothing.
    // Rolled back with everything else when the change is refused.
    await tx.execute('insert into "stock_levels" ("product_id") values (?) on conflict do nothing', [productId]);
    const level = await tx.findOneOrFail(
      StockLevel,
      { productId },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    // Catalog deleted it after our check: no stock comes back for a product that is gone.
    if (level.discontinuedAt) throw notFound('The catalog has no product with this id.');
    const before = level.quantityInStock;
    const { kind, reason } = change(level);
    tx.persist(
      Object.assign(new StockMovement(), {
        stockLevel: ref(level),
        delta: level.quantityInStock - before,
        quantityAfter: level.quantityInStock,
        kind,
        reason,
        actorId: actor.id,
      }),
    );
    events.add(entityChangedEvent('Product', productId));
    return level;
  });
}
