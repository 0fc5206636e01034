import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { batchedConnections, byIdLoader, findViews, isUuid, runSql, type ViewIncludes } from '@marquee/platform';
import { Booking } from './entities/Booking.js';
import { BookingSeat } from './entities/BookingSeat.js';
import { Movie } from './entities/Movie.js';
import { Seat } from './entities/Seat.js';
import { Showing } from './entities/Showing.js';
import { Theater } from './entities/Theater.js';
import { bySeatPosition } from './services/seat-order.js';
import type { SeatView, ShowingView } from './views.js';

/** A time window of a `showings(from, to)` field; loaders batch the keys that share one. */
export interface ShowingWindow {
  from: Date;
  to: Date | null;
}

/** Lists grouped by a foreign key, one `IN (...)` query per tick, in key order. */
function groupedLoader<T>(load: (ids: string[]) => Promise<T[]>, keyOf: (row: T) => string) {
  return new DataLoader<string, T[]>(async (keys) => {
    const ids = [...new Set(keys.filter(isUuid))];
    const rows = ids.length > 0 ? await load(ids) : [];
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const key = keyOf(row);
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/** Showings of many owners (theaters or movies) in one window: one query per distinct window. */
function showingsLoader(em: EntityManager, owner: 'theater' | 'movie') {
  return new DataLoader<{ id: string } & ShowingWindow, ShowingView[], string>(
    async (keys) => {
      const byWindow = new Map<string, { window: ShowingWindow; ids: Set<string> }>();
      for (const key of keys) {
        const windowKey = `${key.from.toISOString()}|${key.to?.toISOString() ?? ''}`;
        const entry = byWindow.get(windowKey) ?? { window: key, ids: new Set<string>() };
        if (isUuid(key.id)) entry.ids.add(key.id);
        byWindow.set(windowKey, entry);
      }
      const found = new Map<string, ShowingView[]>();
      for (const [windowKey, { window, ids }] of byWindow) {
        if (ids.size === 0) continue;
        const showings = await findViews(
          em,
          Showing,
          {
            [owner]: [...ids],
            startsAt: window.to ? { $gte: window.from, $lt: window.to } : { $gte: window.from },
          },
          { orderBy: { startsAt: 'asc', id: 'asc' } },
        );
        for (const showing of showings) {
          const key = `${showing[owner].id}|${windowKey}`;
          found.set(key, [...(found.get(key) ?? []), showing]);
        }
      }
      return keys.map((key) => found.get(`${key.id}|${key.from.toISOString()}|${key.to?.toISOString() ?? ''}`) ?? []);
    },
    { cacheKeyFn: (key) => `${key.id}|${key.from.toISOString()}|${key.to?.toISOString() ?? ''}` },
  );
}

interface TakenSeat {
  showing_id: string;
  seat_id: string;
}

function byIdLoaders(em: EntityManager) {
  return {
    theaterById: byIdLoader((ids) => findViews(em, Theater, { id: ids })),
    movieById: byIdLoader((ids) => findViews(em, Movie, { id: ids })),
    showingById: byIdLoader((ids) => findViews(em, Showing, { id: ids })),
  };
}

/** A booking's showing, its movie and theater, read with the bookings when the operation follows them. */
function bookingIncludes(loaders: ReturnType<typeof byIdLoaders>): ViewIncludes<Booking> {
  return {
    showing: {
      each: (showing) => loaders.showingById.prime(showing.id, showing),
      include: {
        movie: { each: (movie) => loaders.movieById.prime(movie.id, movie) },
        theater: { each: (theater) => loaders.theaterById.prime(theater.id, theater) },
      },
    },
  };
}

export function createLoaders(em: EntityManager) {
  const byId = byIdLoaders(em);
  const bookings = bookingIncludes(byId);
  return {
    ...byId,
    /** What lists of bookings read in their own statement: see `wanted` where they are loaded. */
    bookingIncludes: bookings,
    /** "Now" for the whole request: every `showings` without `from` shares one window, so one query. */
    requestedAt: new Date(),
    bookingById: byIdLoader((ids) => findViews(em, Booking, { id: ids })),
    seatsByTheater: groupedLoader(
      async (ids) => (await findViews(em, Seat, { theater: ids })).sort(bySeatPosition),
      (seat) => seat.theater.id,
    ),
    /** Each booking's seats, in seat-map order: the booking's seat rows with their seats joined in. */
    seatsByBooking: groupedLoader(
      async (ids) => {
        const seats = new Map<string, SeatView>();
        const rows = await findViews(em, BookingSeat, { booking: ids }, { include: { seat: { each: (seat) => seats.set(seat.id, seat) } } });
        return rows
          .map((row) => {
            const seat = seats.get(row.seat.id);
            if (!seat) throw new Error(`seat ${row.seat.id} of booking ${row.booking.id} is missing although a foreign key requires it`);
            return { booking: row.booking.id, seat };
          })
          .sort((a, b) => bySeatPosition(a.seat, b.seat));
      },
      (row) => row.booking,
    ),
    /** Seat ids held by CONFIRMED bookings, per showing. */
    takenSeatsByShowing: groupedLoader(
      (ids) => runSql<TakenSeat>(em, 'select "showing_id", "seat_id" from "booking_seats" where "active" = true and "showing_id" in (?)', [ids]),
      (row) => row.showing_id,
    ),
    showingsByTheater: showingsLoader(em, 'theater'),
    showingsByMovie: showingsLoader(em, 'movie'),
    /** `User.bookings` of every user in the response: one page statement and one count. */
    bookingsByUser: batchedConnections(em, { entity: Booking, parent: 'userId', orderBy: { createdAt: 'desc', id: 'desc' }, include: bookings }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
