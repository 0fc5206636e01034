import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  badUserInput,
  centsToMoney,
  conflict,
  forbidden,
  isStaff,
  isUuid,
  moneyToCents,
  notFound,
  runSql,
  viewShape,
  type AuthUser,
  type Outbox,
} from '@marquee/platform';
import { MenuItem } from '../entities/MenuItem.js';
import { Order, type OrderStatus } from '../entities/Order.js';
import { OrderLine } from '../entities/OrderLine.js';
import { Restaurant } from '../entities/Restaurant.js';
import type { PlaceOrderInput } from '../__generated__/resolvers-types.js';
import type { BookingCaller, BookingClient } from './booking-client.js';
import { requireOwnConfirmedBooking } from './order-booking.js';
import { addOrderEvent } from './order-events.js';
import type { OrderRateLimit } from './order-rate-limit.js';
import { CANCELLABLE, canMove } from './order-status.js';
import { requiredId } from './validation.js';
import type { OrderView } from '../views.js';

export const MAX_LINES = 50;
export const MAX_QUANTITY = 20;
const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** Who may see an order: its owner and staff. Others are told it does not exist. */
export const canSeeOrder = (user: AuthUser | null, order: Pick<Order, 'userId'>): boolean =>
  user !== null && (order.userId === user.id || isStaff(user));

function validatePlaceOrder(input: PlaceOrderInput) {
  const restaurantId = requiredId(input.restaurantId, 'restaurantId');
  if (input.items.length < 1 || input.items.length > MAX_LINES) {
    throw badUserInput(`An order has 1 to ${MAX_LINES} items.`, 'items');
  }
  input.items.forEach((item, index) => {
    requiredId(item.menuItemId, `items.${index}.menuItemId`);
    if (!Number.isInteger(item.quantity) || item.quantity < 1 || item.quantity > MAX_QUANTITY) {
      throw badUserInput(`Quantity must be 1 to ${MAX_QUANTITY}.`, `items.${index}.quantity`);
    }
  });
  if (input.bookingId !== null && input.bookingId !== undefined && !isUuid(input.bookingId)) {
    throw badUserInput('bookingId is not a valid id.', 'bookingId');
  }
  const key = input.idempotencyKey ?? null;
  if (key !== null && (key.length < 1 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
    throw badUserInput(`idempotencyKey must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters.`, 'idempotencyKey');
  }
  return { restaurantId, bookingId: input.bookingId ?? null, idempotencyKey: key };
}

export class Orders {
  constructor(
    /** Order events are written in the transaction of their change and published after it commits. */
    private readonly outbox: Outbox,
    private readonly rateLimit: OrderRateLimit,
    private readonly bookings: BookingClient,
  ) {}

  /** `caller` carries the request's own token, for the booking subgraph to judge it. */
  async place(em: EntityManager, user: AuthUser, input: PlaceOrderInput, caller: BookingCaller): Promise<Order> {
    const { restaurantId, bookingId, idempotencyKey } = validatePlaceOrder(input);
    // A retry of an order already placed answers that order, without counting against the limit.
    if (idempotencyKey) {
      const existing = await em.findOne(Order, { userId: user.id, idempotencyKey });
      if (existing) return existing;
    }
    await this.rateLimit.take(user.id);

    let order: Order;
    try {
      // Asked before the transaction: no row is locked while another service answers.
      if (bookingId) await requireOwnConfirmedBooking(this.bookings, user, bookingId, caller);
      order = await this.outbox.transactional(em, async (tx, events) => {
        const restaurant = await tx.findOne(Restaurant, { id: restaurantId });
        if (!restaurant) throw badUserInput('No restaurant has this id.', 'restaurantId');
        const ids = [...new Set(input.items.map((item) => item.menuItemId))];
        const items = new Map((await tx.find(MenuItem, { id: { $in: ids } })).map((item) => [item.id, item]));
        const placed = Object.assign(new Order(), {
          userId: user.id,
          restaurant: tx.getReference(Restaurant, restaurant.id, { wrapped: true }),
          bookingId,
          idempotencyKey,
        });
        let totalCents = 0;
        input.items.forEach(({ menuItemId, quantity }, index) => {
          const item = items.get(menuItemId);
          if (!item || item.restaurant.id !== restaurant.id) {
            throw badUserInput('This restaurant has no menu item with this id.', `items.${index}.menuItemId`);
          }
          if (!item.available) throw badUserInput(`${item.name} is not available right now.`, `items.${index}.menuItemId`);
          totalCents += moneyToCents(item.price) * quantity;
          tx.persist(
            Object.assign(new OrderLine(), {
              order: placed,
              position: index,
              menuItem: tx.getReference(MenuItem, item.id, { wrapped: true }),
              name: item.name,
              quantity,
              unitPrice: item.price,
            }),
          );
        });
        placed.total = centsToMoney(totalCents);
        tx.persist(placed);
        addOrderEvent(events, placed, 'PLACED');
        return placed;
      });
    } catch (error) {
      // Nothing was placed: this attempt does not count against the limit.
      await this.rateLimit.giveBack(user.id).catch(() => {});
      // Two requests with one key raced: the unique index let one through; answer with its order.
      if (idempotencyKey && error instanceof UniqueConstraintViolationException) {
        const existing = await em.fork().findOne(Order, { userId: user.id, idempotencyKey });
        if (existing) return existing;
      }
      throw error;
    }
    return order;
  }

  /** Staff move an order one step along the status machine. */
  updateStatus(em: EntityManager, id: string, status: OrderStatus): Promise<OrderView> {
    return this.transition(em, id, (order) => {
      if (!canMove(order.status, status)) {
        throw conflict(`An order cannot move from ${order.status} to ${status}.`, { status: order.status });
      }
      return status;
    });
  }

  /** The owner cancels while the kitchen has not started. */
  cancel(em: EntityManager, user: AuthUser, id: string): Promise<OrderView> {
    return this.transition(em, id, (order) => {
      if (order.userId !== user.id) {
        if (isStaff(user)) throw forbidden('Only the customer cancels an order; staff set its status to CANCELLED.');
        throw notFound('No order of yours has this id.');
      }
      if (!CANCELLABLE.includes(order.status)) {
        throw conflict(`An order that is ${order.status} can no longer be cancelled.`, { status: order.status });
      }
      return 'CANCELLED';
    });
  }

  /**
   * Locks the order's row, so two concurrent changes are judged (and their events ordered) one
   * after the other. Two plain statements on views rather than the unit of work: this is the
   * kitchen's hot path (every status change of every order), and the ORM's find, change set and
   * flush were most of its cost (bench: live updates, scenario b).
   */
  private async transition(em: EntityManager, id: string, decide: (order: OrderView) => OrderStatus): Promise<OrderView> {
    if (!isUuid(id)) throw notFound('No order has this id.');
    return this.outbox.transactional(em, async (tx, events) => {
      const shape = viewShape(tx, Order);
      const [row] = await runSql<Record<string, unknown>>(tx, `select ${shape.selectFrom('o')} from ${shape.table} as o where ${shape.column('id', 'o')} = ? for update`, [id]);
      if (!row) throw notFound('No order has this id.');
      const current = shape.toView(row);
      const changed: OrderView = { ...current, status: decide(current), updatedAt: new Date() };
      await runSql(tx, `update ${shape.table} set ${shape.column('status')} = ?, ${shape.column('updatedAt')} = ? where ${shape.column('id')} = ?`, [
        changed.status,
        changed.updatedAt,
        id,
      ]);
      addOrderEvent(events, changed, 'STATUS_CHANGED');
      return changed;
    });
  }
}
