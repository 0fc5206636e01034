import { randomUUID } from 'node:crypto';
import { EntitySchema, type Ref } from '@mikro-orm/core';
import { MenuItem } from './MenuItem.js';
import { Order } from './Order.js';

/** One item of an order; name and unit price are copies, so later menu edits do not rewrite it. */
export class OrderLine {
  id: string = randomUUID();
  order!: Ref<Order>;
  /** The line's place in the order, as the customer listed the items. */
  position!: number;
  menuItem!: Ref<MenuItem>;
  name!: string;
  quantity!: number;
  unitPrice!: string;
}

export const OrderLineSchema = new EntitySchema<OrderLine>({
  class: OrderLine,
  tableName: 'order_lines',
  checks: [
    { name: 'order_lines_quantity_check', expression: 'quantity >= 1 and quantity <= 20' },
    { name: 'order_lines_unit_price_check', expression: 'unit_price >= 0' },
  ],
  uniques: [{ name: 'order_lines_order_position_unique', properties: ['order', 'position'] }],
  properties: {
    id: { type: 'uuid', primary: true },
    order: { kind: 'm:1', entity: () => Order, ref: true, deleteRule: 'cascade' },
    position: { type: 'integer' },
    menuItem: { kind: 'm:1', entity: () => MenuItem, ref: true, deleteRule: 'restrict' },
    name: { type: 'text' },
    quantity: { type: 'integer' },
    unitPrice: { type: 'decimal', precision: 10, scale: 2 },
  },
});
