import { useMemo, useRef, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Empty, ErrorMessage, Loading, Notice } from '../components/ui';
import { graphql } from '../gql';
import { useSession } from '../lib/session-react';
import { MY_BOOKINGS } from './Bookings';

const RESTAURANT = graphql(`
  query Restaurant($id: ID!) {
    restaurant(id: $id) {
      id name address phone
      categories { id name }
      menu { id name description price available category { id name } }
    }
  }
`);

const PLACE_ORDER = graphql(`
  mutation PlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) { id status total }
  }
`);

const newKey = () => crypto.randomUUID();

export function RestaurantPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const session = useSession();
  const [{ data, fetching, error }] = useQuery({ query: RESTAURANT, variables: { id } });
  const [bookings] = useQuery({ query: MY_BOOKINGS, pause: !session });
  const [order, placeOrder] = useMutation(PLACE_ORDER);
  const [cart, setCart] = useState<Record<string, number>>({});
  const [bookingId, setBookingId] = useState(params.get('booking') ?? '');
  // One key per order: a double click or a retry of the same order is placed once by the API.
  const idempotencyKey = useRef(newKey());
  const [placedId, setPlacedId] = useState<string>();

  const restaurant = data?.restaurant;
  const openBookings = (bookings.data?.myBookings?.edges ?? []).map(({ node }) => node).filter((booking) => booking.status === 'CONFIRMED');
  const total = useMemo(
    () => (restaurant?.menu ?? []).reduce((sum, item) => sum + (cart[item.id] ?? 0) * Math.round(Number(item.price) * 100), 0) / 100,
    [restaurant, cart],
  );
  const itemCount = Object.values(cart).reduce((sum, quantity) => sum + quantity, 0);

  if (fetching && !data) return <Loading what="Loading the menu" />;
  if (!restaurant) return error ? <ErrorMessage error={error} /> : <Empty>This restaurant does not exist.</Empty>;

  const change = (itemId: string, delta: number) => {
    setPlacedId(undefined);
    setCart((current) => {
      const quantity = Math.max(0, Math.min(20, (current[itemId] ?? 0) + delta));
      const next = { ...current, [itemId]: quantity };
      if (quantity === 0) delete next[itemId];
      return next;
    });
  };
  const submit = async () => {
    const items = Object.entries(cart).map(([menuItemId, quantity]) => ({ menuItemId, quantity }));
    const result = await placeOrder({
      input: { restaurantId: restaurant.id, items, bookingId: bookingId || undefined, idempotencyKey: idempotencyKey.current },
    });
    if (result.data) {
      setPlacedId(result.data.placeOrder.id);
      setCart({});
      idempotencyKey.current = newKey();
    }
  };

  return (
    <section>
      <h1 className="page-title">{restaurant.name}</h1>
      <p className="mb-4 text-slate-500">
        {restaurant.address}
        {restaurant.phone ? ` · ${restaurant.phone}` : ''}
      </p>
      {restaurant.menu.length === 0 ? <Empty>The menu is empty.</Empty> : null}
      <ul className="space-y-2" aria-label="Menu">
        {restaurant.menu.map((item) => (
          <li key={item.id} className={`card flex flex-wrap items-center justify-between gap-2 ${item.available ? '' : 'opacity-60'}`}>
            <div>
              <p className="font-medium">{item.name}</p>
              <p className="text-sm text-slate-500">
                {item.category?.name ? `${item.category.name} · ` : ''}${item.price}
                {item.available ? '' : ' · not available'}
              </p>
              {item.description ? <p className="text-sm">{item.description}</p> : null}
            </div>
            {session && item.available ? (
              <div className="flex items-center gap-2">
                <button type="button" className="btn-secondary" aria-label={`One less ${item.name}`} onClick={() => change(item.id, -1)} disabled={!cart[item.id]}>
                  −
                </button>
                <span aria-live="polite" aria-label={`${item.name} quantity`} className="w-6 text-center">
                  {cart[item.id] ?? 0}
                </span>
                <button type="button" className="btn-secondary" aria-label={`One more ${item.name}`} onClick={() => change(item.id, 1)}>
                  +
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {session ? (
        <div className="card mt-4 space-y-3">
          <div>
            <label className="label" htmlFor="booking">Deliver to</label>
            <select id="booking" className="input" value={bookingId} onChange={(e) => setBookingId(e.target.value)}>
              <option value="">Pick up at the counter</option>
              {openBookings.map((booking) => (
                <option key={booking.id} value={booking.id}>
                  {booking.showing.movie.title}, seats {booking.seats.map((seat) => `${seat.row}${seat.number}`).join(', ')} (#{booking.bookingNumber})
                </option>
              ))}
            </select>
          </div>
          <p className="font-medium" data-testid="cart-total">
            {itemCount} item{itemCount === 1 ? '' : 's'} · ${total.toFixed(2)}
          </p>
          <ErrorMessage error={order.error} />
          {placedId ? (
            <Notice>
              Order placed. <Link className="underline" to="/orders">Follow its status</Link>
            </Notice>
          ) : null}
          <button type="button" className="btn-primary" disabled={itemCount === 0 || order.fetching} onClick={submit}>
            {order.fetching ? 'Placing order…' : 'Place order'}
          </button>
        </div>
      ) : (
        <p className="mt-4">
          <Link className="btn-primary" to={`/signin?next=/restaurants/${restaurant.id}`}>
            Sign in to order
          </Link>
        </p>
      )}
    </section>
  );
}
