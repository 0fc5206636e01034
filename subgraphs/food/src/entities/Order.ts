import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import { Restaurant } from './Restaurant.js';

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'PREPARING', 'READY', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * A user's order at one restaurant. The user and the booking live in other subgraphs: only their
 * ids are kept. (user_id, idempotency_key) is unique, so a retried request cannot order twice.
 */
export class Order {
  id: string = randomUUID();
  userId!: string;
  restaurant!: Ref<Restaurant>;
  status: OrderStatus = 'PENDING';
  total!: string;
  bookingId: string | null = null;
  idempotencyKey: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const OrderSchema = new EntitySchema<Order>({
  class: Order,
  tableName: 'orders',
  checks: [
    { name: 'orders_total_check', expression: 'total >= 0' },
  ],
  uniques: [{ name: 'orders_user_idempotency_key_unique', properties: ['userId', 'idempotencyKey'] }],
  indexes: [
    { name: 'orders_user_created_index', properties: ['userId', 'createdAt', 'id'] },
    { name: 'orders_restaurant_created_index', properties: ['restaurant', 'createdAt', 'id'] },
  ],
  properties: {
    id: { type: 'uuid', primary: true },
    userId: { type: 'uuid' },
    restaurant: { kind: 'm:1', entity: () => Restaurant, ref: true, deleteRule: 'restrict' },
    // An enum property: MikroORM emits the CHECK (status in (...)) and keeps it in step.
    status: { enum: true, items: () => [...ORDER_STATUSES], default: 'PENDING' },
    total: { type: 'decimal', precision: 12, scale: 2 },
    bookingId: { type: 'uuid', nullable: true },
    idempotencyKey: { type: 'text', nullable: true },
    createdAt: { type: 'datetime', defaultRaw: 'now()' },
    updatedAt: { type: 'datetime', defaultRaw: 'now()', onUpdate: () => new Date() },
  },
});
