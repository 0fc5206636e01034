import { Link } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { Empty, ErrorMessage, formatTime, Loading, StatusBadge } from '../components/ui';
import { graphql } from '../gql';
import { useLiveList } from '../lib/live-list';

const ORDER_FIELDS = graphql(`
  fragment MyOrderFields on Order {
    id status total createdAt updatedAt
    restaurant { id name }
    lines { name quantity lineTotal }
    booking { id bookingNumber }
  }
`);

const MY_ORDERS = graphql(`
  query MyOrders {
    myOrders(first: 50) { edges { node { ...MyOrderFields } } }
  }
`);

const MY_ORDER_UPDATES = graphql(`
  subscription MyOrderUpdates {
    myOrderUpdates { ...MyOrderFields }
  }
`);

const CANCEL_ORDER = graphql(`
  mutation CancelOrder($id: ID!) {
    cancelOrder(id: $id) { ...MyOrderFields }
  }
`);

void ORDER_FIELDS;

export function OrdersPage() {
  const [{ data, fetching, error }] = useQuery({ query: MY_ORDERS, requestPolicy: 'network-only' });
  const { items, apply } = useLiveList(data?.myOrders?.edges.map(({ node }) => node));
  const [live] = useSubscription({ query: MY_ORDER_UPDATES }, (_previous, event) => {
    apply(event.myOrderUpdates);
    return event;
  });
  const [cancelled, cancel] = useMutation(CANCEL_ORDER);
  if (fetching && !data) return <Loading what="Loading your orders" />;
  return (
    <section>
      <h1 className="page-title">My orders</h1>
      <p className="mb-3 text-sm text-slate-500">Statuses update live as the kitchen works.</p>
      <ErrorMessage error={error ?? live.error ?? cancelled.error} />
      {data && items.length === 0 ? (
        <Empty>
          No orders yet. <Link className="underline" to="/restaurants">See the menus</Link>
        </Empty>
      ) : null}
      <ul className="space-y-3">
        {items.map((order) => (
          <li key={order.id} className="card" data-order-id={order.id} aria-label={`Order from ${order.restaurant.name}, ${order.status}`}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div>
                <p className="font-semibold">{order.restaurant.name}</p>
                <p className="text-sm text-slate-500">
                  {formatTime(order.createdAt)}
                  {order.booking ? ` · to booking #${order.booking.bookingNumber}` : ' · pick up'}
                </p>
                <p className="text-sm">
                  {order.lines.map((line) => `${line.quantity}× ${line.name}`).join(', ')} · ${order.total}
                </p>
              </div>
              <span data-testid="order-status" aria-live="polite">
                <StatusBadge status={order.status} />
              </span>
            </div>
            {order.status === 'PENDING' || order.status === 'CONFIRMED' ? (
              <button type="button" className="btn-secondary mt-3" disabled={cancelled.fetching} onClick={() => void cancel({ id: order.id })}>
                Cancel order
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
