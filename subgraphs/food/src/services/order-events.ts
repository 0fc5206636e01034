import { channelsOfOrderEvent, type EventBus, type Logger, type OrderEvent } from '@marquee/platform';
import type { Order } from '../entities/Order.js';

/**
 * Tells subscribers (through the router) that an order changed. Called only after the
 * transaction committed, so a listener re-reading the order sees the change.
 */
export class OrderEvents {
  constructor(
    private readonly bus: EventBus,
    private readonly logger: Logger,
  ) {}

  async published(order: Order, kind: OrderEvent['kind']): Promise<void> {
    const event: OrderEvent = {
      orderId: order.id,
      userId: order.userId,
      restaurantId: order.restaurant.id,
      status: order.status,
      kind,
    };
    const message = JSON.stringify(event);
    try {
      await Promise.all(channelsOfOrderEvent(event).map((channel) => this.bus.publish(channel, message)));
    } catch (error) {
      // The change is committed; a lost notification must not turn it into a failed request.
      this.logger.error('order event not published', { orderId: order.id, error });
    }
  }
}
