import { errorCodes, startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';
import { BOOK_SEATS, CREATE_MOVIE, CREATE_SHOWING, CREATE_THEATER, createMovie, createScreening, createTheater, ok } from './fixtures.js';

let stack: TestStack;
let admin: SignedIn;
let user: SignedIn;
beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
  [admin, user] = await Promise.all([signUp(stack, 'ADMIN'), signUp(stack)]);
});
afterAll(() => stack.stop());

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe('managing theaters, movies and showings', () => {
  it('is for ADMIN and up: a USER gets FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
    const input = { title: 'Nope', genre: 'Drama', durationMinutes: 90 };
    expect(errorCodes(await stack.graphql(CREATE_MOVIE, { input }, user.accessToken))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await stack.graphql(CREATE_MOVIE, { input }))).toEqual(['UNAUTHENTICATED']);
  });

  it('creates a theater with its seats numbered per row', async () => {
    const theater = await createTheater(stack, admin.accessToken, [
      { row: 'a', seats: 3, type: 'ACCESSIBLE' },
      { row: 'B', seats: 2, type: 'PREMIUM' },
    ]);
    expect(theater).toMatchObject({ capacity: 5 });
    expect(theater.seats.map((s) => `${s.row}${s.number}:${s.type}`)).toEqual([
      'A1:ACCESSIBLE', 'A2:ACCESSIBLE', 'A3:ACCESSIBLE', 'B1:PREMIUM', 'B2:PREMIUM',
    ]);
    const again = await stack.graphql(CREATE_THEATER, { input: { name: theater.name, address: 'x', rows: [{ row: 'A', seats: 1, type: 'STANDARD' }] } }, admin.accessToken);
    expect(errorCodes(again)).toEqual(['CONFLICT']);
  });

  it('refuses bad input with BAD_USER_INPUT naming the field', async () => {
    const bad = await stack.graphql(CREATE_MOVIE, { input: { title: ' ', genre: 'Drama', durationMinutes: 90 } }, admin.accessToken);
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
    const rows = await stack.graphql(CREATE_THEATER, { input: { name: 'Empty', address: 'x', rows: [] } }, admin.accessToken);
    expect(rows.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rows' });
  });

  it('updates a movie', async () => {
    const movie = await createMovie(stack, admin.accessToken);
    const updated = await ok<{ updateMovie: { title: string; durationMinutes: number; genre: string } }>(
      stack,
      'mutation ($id: ID!, $input: UpdateMovieInput!) { updateMovie(id: $id, input: $input) { title durationMinutes genre } }',
      { id: movie.id, input: { durationMinutes: 123 } },
      admin.accessToken,
    );
    expect(updated.updateMovie).toMatchObject({ title: movie.title, durationMinutes: 123, genre: 'Drama' });
  });

  it('ends a showing after the movie and refuses one in the past', async () => {
    const theater = await createTheater(stack, admin.accessToken);
    const movie = await createMovie(stack, admin.accessToken, { durationMinutes: 90 });
    const startsAt = inHours(5);
    const showing = await ok<{ createShowing: { startsAt: string; endsAt: string; price: string; availableSeatCount: number } }>(
      stack,
      CREATE_SHOWING,
      { input: { movieId: movie.id, theaterId: theater.id, startsAt, price: '9.5' } },
      admin.accessToken,
    );
    expect(Date.parse(showing.createShowing.endsAt) - Date.parse(startsAt)).toBe(90 * 60_000);
    expect(showing.createShowing).toMatchObject({ price: '9.50', availableSeatCount: 8 });

    const past = await stack.graphql(CREATE_SHOWING, { input: { movieId: movie.id, theaterId: theater.id, startsAt: inHours(-1), price: '9.50' } }, admin.accessToken);
    expect(past.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsAt' });
  });

  it('never lets two showings overlap in one theater, even created at the same moment', async () => {
    const theater = await createTheater(stack, admin.accessToken);
    const movie = await createMovie(stack, admin.accessToken, { durationMinutes: 120 });
    const create = (startsAt: string) =>
      stack.graphql(CREATE_SHOWING, { input: { movieId: movie.id, theaterId: theater.id, startsAt, price: '10.00' } }, admin.accessToken);
    // Ten requests at once, each overlapping all the others: exactly one is scheduled.
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => create(inHours(30 + i * 0.1))));
    expect(results.filter((r) => !r.body.errors)).toHaveLength(1);
    expect(results.filter((r) => errorCodes(r)[0] === 'CONFLICT')).toHaveLength(9);
    // Back to back is fine: [start, end) ranges.
    const first = await create(inHours(50));
    const end = (first.body.data as { createShowing: { endsAt: string } }).createShowing.endsAt;
    expect((await create(end)).body.errors).toBeUndefined();
    // Another theater is another room.
    const other = await createTheater(stack, admin.accessToken);
    const elsewhere = await stack.graphql(CREATE_SHOWING, { input: { movieId: movie.id, theaterId: other.id, startsAt: inHours(50), price: '10.00' } }, admin.accessToken);
    expect(elsewhere.body.errors).toBeUndefined();
  });
});

describe('browsing', () => {
  it('lists movies by genre and showings by filter, as connections', async () => {
    const genre = `Genre${Date.now()}`;
    const theater = await createTheater(stack, admin.accessToken);
    const movie = await createMovie(stack, admin.accessToken, { genre, title: 'Zebra Crossing' });
    await createMovie(stack, admin.accessToken, { genre, title: 'Aardvark Dawn' });
    const movies = await ok<{ movies: { totalCount: number; edges: { node: { title: string } }[]; pageInfo: { hasNextPage: boolean } } }>(
      stack,
      'query ($genre: String) { movies(genre: $genre, first: 1) { totalCount edges { node { title } } pageInfo { hasNextPage } } }',
      { genre: genre.toLowerCase() },
    );
    expect(movies.movies).toMatchObject({ totalCount: 2, edges: [{ node: { title: 'Aardvark Dawn' } }], pageInfo: { hasNextPage: true } });

    for (const hours of [10, 14, 18]) {
      await ok(stack, CREATE_SHOWING, { input: { movieId: movie.id, theaterId: theater.id, startsAt: inHours(hours), price: '8.00' } }, admin.accessToken);
    }
    const showings = await ok<{ showings: { totalCount: number; edges: { node: { movie: { title: string }; theater: { id: string } } }[] } }>(
      stack,
      'query ($filter: ShowingFilter) { showings(filter: $filter) { totalCount edges { node { movie { title } theater { id } } } } }',
      { filter: { movieId: movie.id, from: inHours(12) } },
    );
    expect(showings.showings.totalCount).toBe(2);
    const theaterShowings = await ok<{ theater: { showings: unknown[] }; movie: { showings: unknown[] } }>(
      stack,
      'query ($t: ID!, $m: ID!, $to: DateTime) { theater(id: $t) { showings(to: $to) { id } } movie(id: $m) { showings { id } } }',
      { t: theater.id, m: movie.id, to: inHours(15) },
    );
    expect(theaterShowings.theater.showings).toHaveLength(2);
    expect(theaterShowings.movie.showings).toHaveLength(3);
  });
});

describe('prices', () => {
  it('are computed on the server: PREMIUM seats cost 50% more, rounded to the cent', async () => {
    const theater = await createTheater(stack, admin.accessToken, [
      { row: 'A', seats: 2, type: 'STANDARD' },
      { row: 'B', seats: 1, type: 'PREMIUM' },
      { row: 'C', seats: 1, type: 'ACCESSIBLE' },
    ]);
    const movie = await createMovie(stack, admin.accessToken);
    const showing = await ok<{ createShowing: { id: string } }>(
      stack,
      CREATE_SHOWING,
      { input: { movieId: movie.id, theaterId: theater.id, startsAt: inHours(3), price: '9.99' } },
      admin.accessToken,
    );
    const booking = await ok<{ bookSeats: { totalPrice: string; seats: unknown[] } }>(
      stack,
      BOOK_SEATS,
      { input: { showingId: showing.createShowing.id, seatIds: theater.seats.map((s) => s.id) } },
      user.accessToken,
    );
    // 9.99 + 9.99 + 14.99 (14.985 rounded) + 9.99
    expect(booking.bookSeats.totalPrice).toBe('44.96');
  });
});

describe('bookSeats input', () => {
  it('refuses more than 10 seats, repeated seats, seats of another theater and anonymous callers', async () => {
    const { theater, showing } = await createScreening(stack, admin.accessToken, [{ row: 'A', seats: 12, type: 'STANDARD' }]);
    const other = await createTheater(stack, admin.accessToken);
    const book = (seatIds: string[]) => stack.graphql(BOOK_SEATS, { input: { showingId: showing.id, seatIds } }, user.accessToken);

    const eleven = await book(theater.seats.slice(0, 11).map((s) => s.id));
    expect(eleven.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'seatIds' });
    expect(errorCodes(await book([]))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await book([theater.seats[0]!.id, theater.seats[0]!.id]))).toEqual(['BAD_USER_INPUT']);
    const foreign = await book([theater.seats[0]!.id, other.seats[0]!.id]);
    expect(foreign.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', seatIds: [other.seats[0]!.id] });
    const anonymous = await stack.graphql(BOOK_SEATS, { input: { showingId: showing.id, seatIds: [theater.seats[0]!.id] } });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    // None of the refused requests held a seat.
    const map = await ok<{ showing: { availableSeatCount: number } }>(stack, 'query ($id: ID!) { showing(id: $id) { availableSeatCount } }', { id: showing.id });
    expect(map.showing.availableSeatCount).toBe(12);
  });

  it('refuses a showing that has started, and cancelling after the start', async () => {
    const { theater, showing } = await createScreening(stack, admin.accessToken);
    const booking = await ok<{ bookSeats: { id: string } }>(stack, BOOK_SEATS, { input: { showingId: showing.id, seatIds: [theater.seats[0]!.id] } }, user.accessToken);
    // Move the showing into the past behind the API's back: time passing, not an admin action.
    await stack.subgraphs.booking!.service.orm.em.fork().getConnection().execute(
      `update showings set starts_at = now() - interval '10 minutes', ends_at = now() + interval '1 hour' where id = ?`,
      [showing.id],
    );
    const late = await stack.graphql(BOOK_SEATS, { input: { showingId: showing.id, seatIds: [theater.seats[1]!.id] } }, user.accessToken);
    expect(late.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'showingId' });
    const cancel = await stack.graphql('mutation ($id: ID!) { cancelBooking(id: $id) { id } }', { id: booking.bookSeats.id }, user.accessToken);
    expect(errorCodes(cancel)).toEqual(['CONFLICT']);
  });
});

describe('refunds and visibility', () => {
  it('refundBooking is ADMIN only and frees the seats; booking(id) is for the owner and staff', async () => {
    const { theater, showing } = await createScreening(stack, admin.accessToken);
    const stranger = await signUp(stack);
    const booking = await ok<{ bookSeats: { id: string; bookingNumber: string } }>(
      stack,
      BOOK_SEATS,
      { input: { showingId: showing.id, seatIds: [theater.seats[0]!.id] } },
      user.accessToken,
    );
    expect(booking.bookSeats.bookingNumber).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}$/);
    const BOOKING = 'query ($id: ID!) { booking(id: $id) { bookingNumber status } }';
    expect(errorCodes(await stack.graphql(BOOKING, { id: booking.bookSeats.id }, stranger.accessToken))).toEqual(['NOT_FOUND']);
    expect((await stack.graphql(BOOKING, { id: booking.bookSeats.id }, user.accessToken)).body.errors).toBeUndefined();

    const REFUND = 'mutation ($id: ID!) { refundBooking(id: $id) { status } }';
    expect(errorCodes(await stack.graphql(REFUND, { id: booking.bookSeats.id }, user.accessToken))).toEqual(['FORBIDDEN']);
    const refunded = await ok<{ refundBooking: { status: string } }>(stack, REFUND, { id: booking.bookSeats.id }, admin.accessToken);
    expect(refunded.refundBooking.status).toBe('REFUNDED');
    expect(errorCodes(await stack.graphql(REFUND, { id: booking.bookSeats.id }, admin.accessToken))).toEqual(['CONFLICT']);
    const rebook = await stack.graphql(BOOK_SEATS, { input: { showingId: showing.id, seatIds: [theater.seats[0]!.id] } }, stranger.accessToken);
    expect(rebook.body.errors).toBeUndefined();
  });
});
