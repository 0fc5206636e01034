import { channelsOfOrderEvent, type NewOutboxEvent, type OrderEvent, type OutboxEvents } from '@marquee/platform';
import type { OrderView } from '../views.js';

export const ORDER_EVENT_TYPES: Record<OrderEvent['kind'], string> = {
  PLACED: 'food.order.placed',
  STATUS_CHANGED: 'food.order.status-changed',
};

/**
 * The event of an order change, on the order's channel, its owner's and its restaurant's. Added to
 * the change's own transaction (the outbox), so it is published once that commits, and only then.
 */
export function orderEvent(order: Pick<OrderView, 'id' | 'userId' | 'restaurant' | 'status'>, kind: OrderEvent['kind']): NewOutboxEvent {
  const data: OrderEvent = {
    orderId: order.id,
    userId: order.userId,
    restaurantId: order.restaurant.id,
    status: order.status,
    kind,
  };
  return { type: ORDER_EVENT_TYPES[kind], entityId: order.id, channels: channelsOfOrderEvent(data), data: { ...data } };
}

export const addOrderEvent = (events: OutboxEvents, order: Pick<OrderView, 'id' | 'userId' | 'restaurant' | 'status'>, kind: OrderEvent['kind']): void => events.add(orderEvent(order, kind));
