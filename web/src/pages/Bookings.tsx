import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Empty, ErrorMessage, formatTime, Loading, StatusBadge } from '../components/ui';
import { graphql } from '../gql';

export const MY_BOOKINGS = graphql(`
  query MyBookings {
    myBookings(first: 50) {
      totalCount
      edges {
        node {
          id bookingNumber status totalPrice
          seats { id row number }
          showing { id startsAt movie { title } theater { name } }
        }
      }
    }
  }
`);

const CANCEL = graphql(`
  mutation CancelBooking($id: ID!) {
    cancelBooking(id: $id) { id status }
  }
`);

export function BookingsPage() {
  const [{ data, fetching, error }] = useQuery({ query: MY_BOOKINGS, requestPolicy: 'network-only' });
  const [cancelled, cancel] = useMutation(CANCEL);
  if (fetching && !data) return <Loading what="Loading your bookings" />;
  const bookings = data?.myBookings?.edges ?? [];
  return (
    <section>
      <h1 className="page-title">My bookings</h1>
      <ErrorMessage error={error ?? cancelled.error} />
      {data && bookings.length === 0 ? (
        <Empty>
          No bookings yet. <Link className="underline" to="/">Find a movie</Link>
        </Empty>
      ) : null}
      <ul className="space-y-3">
        {bookings.map(({ node }) => (
          <li key={node.id} className="card" aria-label={`Booking ${node.bookingNumber}`}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div>
                <p className="font-semibold">{node.showing.movie.title}</p>
                <p className="text-sm text-slate-500">
                  {formatTime(node.showing.startsAt)} · {node.showing.theater.name}
                </p>
                <p className="text-sm">
                  #{node.bookingNumber} · seats {node.seats.map((seat) => `${seat.row}${seat.number}`).join(', ')} · ${node.totalPrice}
                </p>
              </div>
              <StatusBadge status={node.status} />
            </div>
            {node.status === 'CONFIRMED' ? (
              <div className="mt-3 flex flex-wrap gap-2">
                <Link className="btn-secondary" to={`/restaurants?booking=${node.id}`}>
                  Order food to these seats
                </Link>
                <button
                  type="button"
                  className="btn-danger"
                  disabled={cancelled.fetching}
                  onClick={() => {
                    if (window.confirm(`Cancel booking ${node.bookingNumber}? The seats become free for others.`)) void cancel({ id: node.id });
                  }}
                >
                  Cancel booking
                </button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
