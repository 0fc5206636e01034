import type { OrderStatus } from '../entities/Order.js';

/** The status machine: each status and the ones it may move to. */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  PENDING: ['CONFIRMED', 'CANCELLED'],
  CONFIRMED: ['PREPARING', 'CANCELLED'],
  PREPARING: ['READY'],
  READY: ['DELIVERED'],
  DELIVERED: [],
  CANCELLED: [],
};

export const canMove = (from: OrderStatus, to: OrderStatus): boolean => NEXT[from].includes(to);

/** A customer may cancel until the kitchen starts preparing. */
export const CANCELLABLE: readonly OrderStatus[] = ['PENDING', 'CONFIRMED'];
