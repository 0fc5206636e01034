import { randomBytes } from 'node:crypto';
import type { TestStack } from '../../../test/support/stack.js';

export interface SeatData {
  id: string;
  row: string;
  number: number;
  type: 'STANDARD' | 'PREMIUM' | 'ACCESSIBLE';
}

export interface TheaterData {
  id: string;
  name: string;
  seats: SeatData[];
}

const unique = () => randomBytes(4).toString('hex');

/** Runs an operation and fails the test with the errors when it has any. */
export async function ok<T>(stack: TestStack, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await stack.graphql<T>(query, variables, token);
  if (response.body.errors || !response.body.data) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data;
}

export const CREATE_THEATER = `mutation ($input: CreateTheaterInput!) {
  createTheater(input: $input) { id name address capacity seats { id row number type } }
}`;
export const CREATE_MOVIE = 'mutation ($input: CreateMovieInput!) { createMovie(input: $input) { id title genre durationMinutes } }';
export const CREATE_SHOWING = `mutation ($input: CreateShowingInput!) {
  createShowing(input: $input) { id startsAt endsAt price availableSeatCount }
}`;
export const BOOK_SEATS = `mutation ($input: BookSeatsInput!) {
  bookSeats(input: $input) { id bookingNumber status totalPrice seats { id row number type } showing { id } user { id } }
}`;

export async function createTheater(
  stack: TestStack,
  adminToken: string,
  rows: { row: string; seats: number; type: SeatData['type'] }[] = [
    { row: 'A', seats: 4, type: 'STANDARD' },
    { row: 'B', seats: 4, type: 'PREMIUM' },
  ],
  name = `Theater ${unique()}`,
): Promise<TheaterData> {
  const data = await ok<{ createTheater: TheaterData }>(stack, CREATE_THEATER, { input: { name, address: '1 Test Road', rows } }, adminToken);
  return data.createTheater;
}

export async function createMovie(
  stack: TestStack,
  adminToken: string,
  input: Partial<{ title: string; genre: string; description: string; durationMinutes: number }> = {},
): Promise<{ id: string; title: string }> {
  const data = await ok<{ createMovie: { id: string; title: string } }>(
    stack,
    CREATE_MOVIE,
    { input: { title: `Movie ${unique()}`, genre: 'Drama', durationMinutes: 100, ...input } },
    adminToken,
  );
  return data.createMovie;
}

/** A showing `hoursAhead` from now (a fresh theater per test keeps them from overlapping). */
export async function createShowing(
  stack: TestStack,
  adminToken: string,
  options: { movieId: string; theaterId: string; hoursAhead?: number; price?: string },
): Promise<{ id: string; startsAt: string; endsAt: string; price: string }> {
  const startsAt = new Date(Date.now() + (options.hoursAhead ?? 24) * 3_600_000).toISOString();
  const data = await ok<{ createShowing: { id: string; startsAt: string; endsAt: string; price: string } }>(
    stack,
    CREATE_SHOWING,
    { input: { movieId: options.movieId, theaterId: options.theaterId, startsAt, price: options.price ?? '10.00' } },
    adminToken,
  );
  return data.createShowing;
}

/** A theater, a movie and one showing of it tomorrow. */
export async function createScreening(stack: TestStack, adminToken: string, rows?: Parameters<typeof createTheater>[2]) {
  const theater = await createTheater(stack, adminToken, rows);
  const movie = await createMovie(stack, adminToken);
  const showing = await createShowing(stack, adminToken, { movieId: movie.id, theaterId: theater.id });
  return { theater, movie, showing };
}
