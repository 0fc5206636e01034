import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput, conflict, isUuid, notFound, parseMoney } from '@marquee/platform';
import { Movie } from '../entities/Movie.js';
import { Seat, SEAT_TYPES, type SeatType } from '../entities/Seat.js';
import { Showing } from '../entities/Showing.js';
import { Theater } from '../entities/Theater.js';
import { EXCLUSION_VIOLATION, UNIQUE_VIOLATION, violates } from './database-errors.js';
import { intInRange, optionalText, requiredText } from './validation.js';

export interface SeatRowInput {
  row: string;
  seats: number;
  type: SeatType;
}

export interface TheaterInput {
  name: string;
  address: string;
  rows: SeatRowInput[];
}

export interface MovieInput {
  title: string;
  description?: string | null;
  durationMinutes: number;
  genre: string;
}

export type MovieChanges = Partial<{ [K in keyof MovieInput]: MovieInput[K] | null }>;

export interface ShowingInput {
  movieId: string;
  theaterId: string;
  startsAt: Date;
  price: string;
}

const MAX_ROWS = 50;
const MAX_SEATS_PER_ROW = 60;

/** A theater with its seats numbered 1..n in each row, in one transaction. */
export async function createTheater(em: EntityManager, input: TheaterInput): Promise<Theater> {
  const name = requiredText(input.name, 'name', 200);
  const address = requiredText(input.address, 'address', 500);
  if (input.rows.length === 0 || input.rows.length > MAX_ROWS) {
    throw badUserInput(`A theater has 1 to ${MAX_ROWS} rows.`, 'rows');
  }
  const labels = input.rows.map((row) => row.row.trim().toUpperCase());
  if (labels.some((label) => !/^[A-Z]{1,3}$/.test(label))) {
    throw badUserInput('Row labels are 1 to 3 letters, like A or AA.', 'rows');
  }
  if (new Set(labels).size !== labels.length) throw badUserInput('Each row label appears once.', 'rows');
  input.rows.forEach((row) => intInRange(row.seats, 'rows', 1, MAX_SEATS_PER_ROW));
  if (input.rows.some((row) => !(SEAT_TYPES as readonly string[]).includes(row.type))) {
    throw badUserInput('Unknown seat type.', 'rows');
  }

  try {
    return await em.transactional(async (tx) => {
      const theater = tx.create(Theater, { name, address });
      input.rows.forEach((row, index) => {
        for (let number = 1; number <= row.seats; number += 1) {
          tx.create(Seat, { theater, row: labels[index] as string, number, type: row.type });
        }
      });
      return theater;
    });
  } catch (error) {
    if (violates(error, UNIQUE_VIOLATION, 'theaters_name_unique')) {
      throw conflict(`A theater named "${name}" already exists.`, { field: 'name' });
    }
    throw error;
  }
}

function movieFields(input: MovieChanges) {
  return {
    ...(input.title != null ? { title: requiredText(input.title, 'title', 200) } : {}),
    ...(input.description !== undefined ? { description: optionalText(input.description, 'description', 5000) } : {}),
    ...(input.durationMinutes != null ? { durationMinutes: intInRange(input.durationMinutes, 'durationMinutes', 1, 600) } : {}),
    ...(input.genre != null ? { genre: requiredText(input.genre, 'genre', 50) } : {}),
  };
}

export async function createMovie(em: EntityManager, input: MovieInput): Promise<Movie> {
  const fields = movieFields(input);
  const movie = em.create(Movie, {
    title: fields.title as string,
    description: fields.description ?? null,
    durationMinutes: fields.durationMinutes as number,
    genre: fields.genre as string,
  });
  await em.flush();
  return movie;
}

/** Changes the given fields; a new duration applies to showings created after it. */
export async function updateMovie(em: EntityManager, id: string, changes: MovieChanges): Promise<Movie> {
  const movie = isUuid(id) ? await em.findOne(Movie, { id }) : null;
  if (!movie) throw notFound('No movie with this id.');
  em.assign(movie, movieFields(changes));
  await em.flush();
  return movie;
}

/**
 * Schedules a showing lasting the movie's duration. The exclusion constraint refuses one that
 * overlaps another in the same theater, also when two are created at the same moment.
 */
export async function createShowing(em: EntityManager, input: ShowingInput, now = new Date()): Promise<Showing> {
  if (input.startsAt.getTime() <= now.getTime()) throw badUserInput('A showing cannot start in the past.', 'startsAt');
  const price = parseMoney(input.price);
  if (price.startsWith('-')) throw badUserInput('The price cannot be negative.', 'price');
  const [movie, theater] = await Promise.all([
    isUuid(input.movieId) ? em.findOne(Movie, { id: input.movieId }) : null,
    isUuid(input.theaterId) ? em.findOne(Theater, { id: input.theaterId }) : null,
  ]);
  if (!movie) throw badUserInput('No movie with this id.', 'movieId');
  if (!theater) throw badUserInput('No theater with this id.', 'theaterId');

  const showing = em.create(Showing, {
    movie,
    theater,
    startsAt: input.startsAt,
    endsAt: new Date(input.startsAt.getTime() + movie.durationMinutes * 60_000),
    price,
  });
  try {
    await em.flush();
  } catch (error) {
    if (violates(error, EXCLUSION_VIOLATION, 'showings_no_overlap')) {
      em.clear();
      throw conflict(`${theater.name} already has a showing between these times.`, { field: 'startsAt' });
    }
    throw error;
  }
  return showing;
}
