import type { EntityManager } from '@mikro-orm/postgresql';
import {
  catalogChannels,
  parseProductDeletedEvent,
  type EventBus,
  type Logger,
  type Orm,
} from '@marquee/platform';

/**
 * Marks a product's stock discontinued, creating the row when there is none yet: a stock change
 * that checked catalog just before the delete and writes just after it then finds the mark and
 * refuses, instead of bringing the stock back. Idempotent, so every replica may run it.
 */
export async function discontinueStock(em: EntityManager, productId: string, at: Date): Promise<void> {
  await em.execute(
    `insert into "stock_levels" ("product_id", "discontinued_at") values (?, ?)
     on conflict ("product_id") do update set "discontinued_at" = coalesce("stock_levels"."discontinued_at", excluded."discontinued_at")`,
    [productId, at],
  );
}

/** Marks existing stock only: for a product catalog says it does not have (a missed event). */
export async function discontinueExistingStock(em: EntityManager, productId: string): Promise<void> {
  await em.execute('update "stock_levels" set "discontinued_at" = now() where "product_id" = ? and "discontinued_at" is null', [productId]);
}

/**
 * Listens to catalog's product-deleted events for as long as inventory runs. The returned
 * function stops listening and waits for the handlers still writing, before the pool closes.
 */
export async function listenForProductDeletions(events: EventBus, orm: Orm, logger: Logger): Promise<() => Promise<void>> {
  const running = new Set<Promise<void>>();
  const unsubscribe = await events.subscribe(catalogChannels.productDeleted, (message) => {
    const event = parseProductDeletedEvent(message);
    if (!event) {
      logger.warn('ignored a malformed product-deleted event', { message: message.slice(0, 200) });
      return;
    }
    const deletedAt = new Date(event.deletedAt);
    const work = discontinueStock(orm.em.fork(), event.productId, Number.isNaN(deletedAt.getTime()) ? new Date() : deletedAt)
      .then(() => logger.info('stock discontinued: catalog deleted the product', { productId: event.productId }))
      .catch((error: unknown) => logger.error('could not discontinue stock of a deleted product', { productId: event.productId, error }))
      .finally(() => running.delete(work));
    running.add(work);
  });
  return async () => {
    await unsubscribe();
    await Promise.all([...running]);
  };
}
