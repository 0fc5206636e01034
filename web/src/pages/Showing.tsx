import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { Empty, ErrorMessage, formatTime, Loading, Notice } from '../components/ui';
import { graphql } from '../gql';
import { useSession } from '../lib/session-react';

const SHOWING_FIELDS = graphql(`
  fragment ShowingSeatFields on Showing {
    id startsAt endsAt price availableSeatCount
    movie { id title }
    theater { id name }
    seatMap { available seat { id row number type } }
  }
`);

const SHOWING = graphql(`
  query Showing($id: ID!) {
    showing(id: $id) { ...ShowingSeatFields }
  }
`);

const SEATS_UPDATED = graphql(`
  subscription ShowingSeatsUpdated($showingId: ID!) {
    showingSeatsUpdated(showingId: $showingId) { ...ShowingSeatFields }
  }
`);

void SHOWING_FIELDS;

const BOOK = graphql(`
  mutation BookSeats($input: BookSeatsInput!) {
    bookSeats(input: $input) { id bookingNumber totalPrice seats { id row number } }
  }
`);

/**
 * The seat map is live: showingSeatsUpdated pushes it again whenever seats are booked or freed.
 * Until the first push has arrived (a server whose seat events are not flowing yet, a socket still
 * connecting) the page also re-reads it this often, so it is never stale for long.
 */
const SEAT_MAP_POLL_MS = 2000;

export function ShowingPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({ query: SHOWING, variables: { id } });
  const [booking, book] = useMutation(BOOK);
  const [selected, setSelected] = useState<string[]>([]);
  const [live] = useSubscription({ query: SEATS_UPDATED, variables: { showingId: id } });
  const pushed = live.data?.showingSeatsUpdated;

  useEffect(() => {
    if (pushed) return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), SEAT_MAP_POLL_MS);
    return () => clearInterval(timer);
  }, [refetch, pushed]);

  // The newest of the two: a push after the page loaded, or the query's answer.
  const showing = pushed && pushed.id === data?.showing?.id ? pushed : data?.showing;
  const rows = useMemo(() => {
    const byRow = new Map<string, NonNullable<typeof showing>['seatMap']>();
    for (const entry of showing?.seatMap ?? []) byRow.set(entry.seat.row, [...(byRow.get(entry.seat.row) ?? []), entry]);
    return [...byRow.entries()];
  }, [showing]);

  // A seat someone else just took cannot stay selected.
  useEffect(() => {
    if (!showing) return;
    const taken = new Set(showing.seatMap.filter((entry) => !entry.available).map((entry) => entry.seat.id));
    setSelected((current) => (current.some((seatId) => taken.has(seatId)) ? current.filter((seatId) => !taken.has(seatId)) : current));
  }, [showing]);

  if (fetching && !data) return <Loading what="Loading the seat map" />;
  if (!showing) return error ? <ErrorMessage error={error} /> : <Empty>This showing does not exist.</Empty>;

  const toggle = (seatId: string) =>
    setSelected((current) => (current.includes(seatId) ? current.filter((s) => s !== seatId) : current.length >= 10 ? current : [...current, seatId]));
  const submit = async () => {
    const result = await book({ input: { showingId: showing.id, seatIds: selected } });
    if (result.data) setSelected([]);
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <section>
      <h1 className="page-title">{showing.movie.title}</h1>
      <p className="text-slate-600">
        {showing.theater.name} · {formatTime(showing.startsAt)} · ${showing.price} a seat (premium +50%)
      </p>
      <p className="mb-4 text-sm text-slate-500" aria-live="polite" data-testid="available-count">
        {showing.availableSeatCount} seats available
      </p>
      <div className="mb-2 rounded bg-slate-800 py-1 text-center text-xs uppercase tracking-widest text-slate-100" aria-hidden="true">
        Screen
      </div>
      <div role="group" aria-label="Seat map" className="space-y-1 overflow-x-auto pb-2">
        {rows.map(([row, seats]) => (
          <div key={row} className="flex items-center gap-1">
            <span className="w-5 text-xs font-semibold text-slate-500" aria-hidden="true">{row}</span>
            {seats.map(({ seat, available }) => {
              const isSelected = selected.includes(seat.id);
              const label = `Seat ${seat.row}${seat.number}${seat.type === 'STANDARD' ? '' : `, ${seat.type.toLowerCase()}`}, ${available ? (isSelected ? 'selected' : 'available') : 'taken'}`;
              return (
                <button
                  key={seat.id}
                  type="button"
                  data-seat={`${seat.row}${seat.number}`}
                  data-available={available}
                  aria-label={label}
                  aria-pressed={isSelected}
                  disabled={!available}
                  onClick={() => toggle(seat.id)}
                  className={`h-7 w-7 shrink-0 rounded text-[10px] font-medium ${
                    !available
                      ? 'cursor-not-allowed bg-slate-300 text-slate-400'
                      : isSelected
                        ? 'bg-indigo-600 text-white'
                        : seat.type === 'PREMIUM'
                          ? 'bg-amber-200 hover:bg-amber-300'
                          : seat.type === 'ACCESSIBLE'
                            ? 'bg-sky-200 hover:bg-sky-300'
                            : 'bg-emerald-200 hover:bg-emerald-300'
                  }`}
                >
                  {seat.number}
                </button>
              );
            })}
          </div>
        ))}
      </div>
      <p className="mt-2 text-xs text-slate-500">Green: standard · amber: premium · blue: accessible · grey: taken</p>
      <ErrorMessage error={booking.error} action="book" />
      {booking.data && !booking.error ? (
        <Notice>
          Booked! Booking number <strong data-testid="booking-number">{booking.data.bookSeats.bookingNumber}</strong> for $
          {booking.data.bookSeats.totalPrice}.{' '}
          <Link className="underline" to={`/restaurants?booking=${booking.data.bookSeats.id}`}>
            Order food to your seats
          </Link>
        </Notice>
      ) : null}
      <div className="mt-4 flex items-center gap-3">
        {session ? (
          <button type="button" className="btn-primary" disabled={selected.length === 0 || booking.fetching} onClick={submit}>
            {booking.fetching ? 'Booking…' : `Book ${selected.length} seat${selected.length === 1 ? '' : 's'}`}
          </button>
        ) : (
          <Link className="btn-primary" to={`/signin?next=/showings/${showing.id}`}>
            Sign in to book
          </Link>
        )}
      </div>
    </section>
  );
}
