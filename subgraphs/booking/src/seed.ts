import type { EntityManager } from '@mikro-orm/postgresql';
import { Movie } from './entities/Movie.js';
import { Showing } from './entities/Showing.js';
import { Theater } from './entities/Theater.js';
import { createMovie, createTheater, type MovieInput, type TheaterInput } from './services/catalog.js';

const rows = (labels: string, seats: number, type: 'STANDARD' | 'PREMIUM' | 'ACCESSIBLE') =>
  [...labels].map((row) => ({ row, seats, type }));

export const DEMO_THEATERS: TheaterInput[] = [
  {
    name: 'Grand Odeon',
    address: '12 Harbour Street, Riverside',
    rows: [...rows('A', 8, 'ACCESSIBLE'), ...rows('BCDEF', 12, 'STANDARD'), ...rows('GH', 12, 'PREMIUM')],
  },
  {
    name: 'Starlight Studio',
    address: '3 Old Mill Lane, Northgate',
    rows: [...rows('A', 6, 'ACCESSIBLE'), ...rows('BCD', 8, 'STANDARD'), ...rows('E', 8, 'PREMIUM')],
  },
];

export const DEMO_MOVIES: MovieInput[] = [
  { title: 'The Last Lighthouse', genre: 'Drama', durationMinutes: 118, description: 'A keeper refuses to leave the island when the light is switched off for good.' },
  { title: 'Orbit of Shadows', genre: 'Science Fiction', durationMinutes: 142, description: 'A salvage crew finds a station that should not exist, still broadcasting.' },
  { title: 'Pancake Panic', genre: 'Comedy', durationMinutes: 96, description: 'Two rival diners, one breakfast contest, and a runaway goat.' },
  { title: 'Midnight at the Archive', genre: 'Thriller', durationMinutes: 124, description: 'A librarian decodes a ledger that someone will kill to keep shut.' },
];

/** Start times (UTC) of the demo schedule: 3.5 hours apart, longer than any demo movie. */
const SLOTS_UTC = [13, 16.5, 20];
const DAYS = 7;
const PRICES = ['9.50', '11.00', '12.50'];

/** Adds the demo theaters, movies and a week of showings from tomorrow that are missing. */
export async function seedBooking(em: EntityManager, now = new Date()): Promise<number> {
  let created = 0;
  const theaters: Theater[] = [];
  for (const input of DEMO_THEATERS) {
    const existing = await em.findOne(Theater, { name: input.name });
    theaters.push(existing ?? (await createTheater(em, input)));
    if (!existing) created += 1;
  }
  const movies: Movie[] = [];
  for (const input of DEMO_MOVIES) {
    const existing = await em.findOne(Movie, { title: input.title });
    movies.push(existing ?? (await createMovie(em, input)));
    if (!existing) created += 1;
  }

  const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  for (let day = 0; day < DAYS; day += 1) {
    for (const [t, theater] of theaters.entries()) {
      for (const [s, hour] of SLOTS_UTC.entries()) {
        const startsAt = new Date(tomorrow + day * 86_400_000 + hour * 3_600_000);
        if (await em.findOne(Showing, { theater, startsAt: { $lt: new Date(startsAt.getTime() + 210 * 60_000) }, endsAt: { $gt: startsAt } })) {
          continue;
        }
        const movie = movies[(day + t * 2 + s) % movies.length] as Movie;
        em.create(Showing, {
          movie,
          theater,
          startsAt,
          endsAt: new Date(startsAt.getTime() + movie.durationMinutes * 60_000),
          price: PRICES[s] as string,
        });
        created += 1;
      }
    }
  }
  await em.flush();
  return created;
}
