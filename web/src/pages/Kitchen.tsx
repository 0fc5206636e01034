import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { Empty, ErrorMessage, formatTime, Loading, StatusBadge } from '../components/ui';
import { graphql } from '../gql';
import type { OrderStatus } from '../gql/graphql';
import { useLiveList } from '../lib/live-list';
import { RESTAURANTS } from './Restaurants';

const KITCHEN_ORDER_FIELDS = graphql(`
  fragment KitchenOrderFields on Order {
    id status total createdAt updatedAt
    user { id name }
    lines { name quantity }
    booking { id bookingNumber seats { row number } showing { theater { name } } }
  }
`);

const RESTAURANT_ORDERS = graphql(`
  query RestaurantOrders($restaurantId: ID!) {
    restaurant(id: $restaurantId) { id name }
    restaurantOrders(restaurantId: $restaurantId, first: 100) { edges { node { ...KitchenOrderFields } } }
  }
`);

const RESTAURANT_ORDER_UPDATES = graphql(`
  subscription RestaurantOrderUpdates($restaurantId: ID!) {
    restaurantOrderUpdates(restaurantId: $restaurantId) { ...KitchenOrderFields }
  }
`);

const UPDATE_STATUS = graphql(`
  mutation UpdateOrderStatus($id: ID!, $status: OrderStatus!) {
    updateOrderStatus(id: $id, status: $status) { ...KitchenOrderFields }
  }
`);

void KITCHEN_ORDER_FIELDS;

/** The one step each status may take, and what the button says. */
const NEXT: Partial<Record<OrderStatus, { status: OrderStatus; label: string }>> = {
  PENDING: { status: 'CONFIRMED', label: 'Confirm' },
  CONFIRMED: { status: 'PREPARING', label: 'Start preparing' },
  PREPARING: { status: 'READY', label: 'Mark ready' },
  READY: { status: 'DELIVERED', label: 'Mark delivered' },
};

export function KitchenListPage() {
  const [{ data, fetching, error }] = useQuery({ query: RESTAURANTS });
  if (fetching && !data) return <Loading what="Loading restaurants" />;
  return (
    <section>
      <h1 className="page-title">Kitchen screens</h1>
      <ErrorMessage error={error} />
      <ul className="grid gap-3 sm:grid-cols-2">
        {data?.restaurants?.edges.map(({ node }) => (
          <li key={node.id} className="card">
            <Link className="text-lg font-semibold text-indigo-700 hover:underline" to={`/kitchen/${node.id}`}>
              {node.name}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function KitchenPage() {
  const { id = '' } = useParams();
  const [{ data, fetching, error }] = useQuery({ query: RESTAURANT_ORDERS, variables: { restaurantId: id }, requestPolicy: 'network-only' });
  const { items, apply } = useLiveList(data?.restaurantOrders?.edges.map(({ node }) => node));
  const [live] = useSubscription({ query: RESTAURANT_ORDER_UPDATES, variables: { restaurantId: id } }, (_previous, event) => {
    apply(event.restaurantOrderUpdates);
    return event;
  });
  const [moved, move] = useMutation(UPDATE_STATUS);
  if (fetching && !data) return <Loading what="Loading orders" />;
  const open = items.filter((order) => order.status !== 'DELIVERED' && order.status !== 'CANCELLED');
  const done = items.filter((order) => order.status === 'DELIVERED' || order.status === 'CANCELLED');
  return (
    <section>
      <h1 className="page-title">Kitchen: {data?.restaurant?.name ?? '…'}</h1>
      <p className="mb-3 text-sm text-slate-500">New and changed orders appear here live.</p>
      <ErrorMessage error={error ?? live.error ?? moved.error} />
      {data && open.length === 0 ? <Empty>No open orders.</Empty> : null}
      <ul className="grid gap-3 sm:grid-cols-2" aria-label="Open orders">
        {open.map((order) => {
          const next = NEXT[order.status];
          return (
            <li key={order.id} className="card" data-order-id={order.id} aria-label={`Order of ${order.user?.name ?? "a customer"}, ${order.status}`}>
              <div className="flex items-center justify-between">
                <p className="font-semibold">{order.user?.name ?? "Customer"}</p>
                <StatusBadge status={order.status} />
              </div>
              <p className="text-sm text-slate-500">
                {formatTime(order.createdAt)}
                {order.booking
                  ? ` · ${order.booking.showing.theater.name}, seats ${order.booking.seats.map((seat) => `${seat.row}${seat.number}`).join(', ')}`
                  : ' · pick up'}
              </p>
              <ul className="my-2 text-sm">
                {order.lines.map((line, index) => (
                  <li key={index}>
                    {line.quantity}× {line.name}
                  </li>
                ))}
              </ul>
              {next ? (
                <button type="button" className="btn-primary" disabled={moved.fetching} onClick={() => void move({ id: order.id, status: next.status })}>
                  {next.label}
                </button>
              ) : null}
            </li>
          );
        })}
      </ul>
      {done.length > 0 ? (
        <>
          <h2 className="mb-2 mt-6 text-lg font-semibold">Done</h2>
          <ul className="space-y-1 text-sm">
            {done.map((order) => (
              <li key={order.id}>
                {order.user?.name ?? "Customer"} · {order.lines.map((line) => `${line.quantity}× ${line.name}`).join(', ')} · <StatusBadge status={order.status} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
