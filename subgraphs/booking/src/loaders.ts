import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { batchedConnections, byIdLoader, isUuid } from '@marquee/platform';
import { Booking } from './entities/Booking.js';
import { BookingSeat } from './entities/BookingSeat.js';
import { Movie } from './entities/Movie.js';
import { Seat } from './entities/Seat.js';
import { Showing } from './entities/Showing.js';
import { Theater } from './entities/Theater.js';
import { bySeatPosition } from './services/seat-order.js';

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
  return new DataLoader<{ id: string } & ShowingWindow, Showing[], string>(
    async (keys) => {
      const byWindow = new Map<string, { window: ShowingWindow; ids: Set<string> }>();
      for (const key of keys) {
        const windowKey = `${key.from.toISOString()}|${key.to?.toISOString() ?? ''}`;
        const entry = byWindow.get(windowKey) ?? { window: key, ids: new Set<string>() };
        if (isUuid(key.id)) entry.ids.add(key.id);
        byWindow.set(windowKey, entry);
      }
      const found = new Map<string, Showing[]>();
      for (const [windowKey, { window, ids }] of byWindow) {
        if (ids.size === 0) continue;
        const showings = await em.find(
          Showing,
          {
            [owner]: { $in: [...ids] },
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

export function createLoaders(em: EntityManager) {
  return {
    /** "Now" for the whole request: every `showings` without `from` shares one window, so one query. */
    requestedAt: new Date(),
    theaterById: byIdLoader((ids) => em.find(Theater, { id: { $in: ids } })),
    movieById: byIdLoader((ids) => em.find(Movie, { id: { $in: ids } })),
    showingById: byIdLoader((ids) => em.find(Showing, { id: { $in: ids } })),
    bookingById: byIdLoader((ids) => em.find(Booking, { id: { $in: ids } })),
    seatsByTheater: groupedLoader(
      async (ids) => (await em.find(Seat, { theater: { $in: ids } })).sort(bySeatPosition),
      (seat) => seat.theater.id,
    ),
    seatsByBooking: groupedLoader(
      async (ids) => {
        const rows = await em.find(BookingSeat, { booking: { $in: ids } }, { populate: ['seat'] });
        return rows.sort((a, b) => bySeatPosition(a.seat.getEntity(), b.seat.getEntity()));
      },
      (row) => row.booking.id,
    ),
    /** Seat ids held by CONFIRMED bookings, per showing. */
    takenSeatsByShowing: groupedLoader(
      (ids) =>
        em.getConnection().execute<TakenSeat[]>(
          em.getKnex().select('showing_id', 'seat_id').from('booking_seats').where('active', true).whereIn('showing_id', ids),
        ),
      (row) => row.showing_id,
    ),
    showingsByTheater: showingsLoader(em, 'theater'),
    showingsByMovie: showingsLoader(em, 'movie'),
    /** `User.bookings` of every user in the response: one page statement and one count. */
    bookingsByUser: batchedConnections(em, { entity: Booking, parent: 'userId', orderBy: { createdAt: 'desc', id: 'desc' } }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
