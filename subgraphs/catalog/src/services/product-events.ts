import { catalogChannels, type EventBus, type Logger, type ProductDeletedEvent } from '@marquee/platform';

/**
 * Tells other subgraphs (inventory) that a product is gone. Called only after the delete
 * committed, so a listener never acts on a delete that was rolled back.
 */
export class ProductEvents {
  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  async deleted(productId: string): Promise<void> {
    const event: ProductDeletedEvent = { productId, deletedAt: new Date().toISOString() };
    try {
      await this.bus.publish(catalogChannels.productDeleted, JSON.stringify(event));
    } catch (error) {
      // The delete is committed; a lost event must not turn it into a failed request (see README: the window).
      this.logger.error('product-deleted event not published', { productId, error });
    }
  }
}
