import { seedBooking } from '../src/seed.js';
import { startTestStack, type TestStack } from '../../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../../test/support/users.js';
import { BOOK_SEATS, createMovie, createShowing, createTheater, ok } from './fixtures.js';

let stack: TestStack;
let admin: SignedIn;
let statements: string[] = [];
beforeAll(async () => {
  stack = await startTestStack({
    env: superAdminEnv,
    onQuery: (subgraph, sql) => {
      if (subgraph === 'booking') statements.push(sql);
    },
  });
  admin = await signUp(stack, 'ADMIN');
});
afterAll(() => stack.stop());

const bookingService = () => stack.subgraphs.booking!.service;

/** Books `count` single seats for `who`, spread over three theaters and three movies. */
async function bookMany(who: SignedIn, count: number) {
  const screenings = [];
  for (let i = 0; i < 3; i += 1) {
    const theater = await createTheater(stack, admin.accessToken, [{ row: 'A', seats: 20, type: 'STANDARD' }]);
    const movie = await createMovie(stack, admin.accessToken);
    screenings.push({ theater, movie, showing: await createShowing(stack, admin.accessToken, { movieId: movie.id, theaterId: theater.id }) });
  }
  for (let i = 0; i < count; i += 1) {
    const { theater, showing } = screenings[i % 3]!;
    await ok(stack, BOOK_SEATS, { input: { showingId: showing.id, seatIds: [theater.seats[Math.floor(i / 3)]!.id] } }, who.accessToken);
  }
  return screenings;
}

describe('through the router', () => {
  it('joins auth and booking: me { bookings { ... showing { movie { title } } } }', async () => {
    const someone = await signUp(stack);
    const { movie } = (await bookMany(someone, 1))[0]!;
    const me = await ok<{ me: { id: string; email: string; bookings: { totalCount: number; edges: { node: { bookingNumber: string; user: { email: string }; showing: { movie: { title: string } } } }[] } } }>(
      stack,
      '{ me { id email bookings { totalCount edges { node { bookingNumber user { email } showing { movie { title } } } } } } }',
      {},
      someone.accessToken,
    );
    expect(me.me.bookings.totalCount).toBe(1);
    expect(me.me.bookings.edges[0]!.node).toMatchObject({ user: { email: someone.email }, showing: { movie: { title: movie.title } } });
  });
});

describe('listing bookings', () => {
  const LIST = `query ($first: Int) { myBookings(first: $first) { totalCount edges { node {
    bookingNumber totalPrice seats { row number type } showing { startsAt movie { title } theater { name capacity } }
  } } } }`;

  it('costs the same number of SQL statements for 5 bookings as for 50', async () => {
    const heavy = await signUp(stack);
    await bookMany(heavy, 50);
    const count = async (first: number) => {
      statements = [];
      const data = await ok<{ myBookings: { totalCount: number; edges: unknown[] } }>(stack, LIST, { first }, heavy.accessToken);
      expect(data.myBookings.edges).toHaveLength(first);
      return statements.length;
    };
    const five = await count(5);
    const fifty = await count(50);
    expect(fifty).toBe(five);
    expect(fifty).toBeLessThanOrEqual(8);
  });
});

describe('entity references', () => {
  /** Talks to the booking subgraph directly, the way the router does. */
  async function entities(representations: Record<string, unknown>[], token: string) {
    const response = await fetch(stack.subgraphs.booking!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-router-secret': stack.routerSecret, authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `query ($r: [_Any!]!) { _entities(representations: $r) {
          ... on Booking { bookingNumber showing { id } }
          ... on Showing { id price }
          ... on Movie { title }
          ... on Theater { name capacity }
          ... on User { bookings { totalCount } }
        } }`,
        variables: { r: representations },
      }),
    });
    return (await response.json()) as { data: { _entities: (Record<string, unknown> | null)[] }; errors?: unknown[] };
  }

  it('resolves Booking, Showing, Movie, Theater and User by key, null for missing and for bookings of others', async () => {
    const owner = await signUp(stack);
    const { theater, movie, showing } = (await bookMany(owner, 1))[0]!;
    const mine = await ok<{ myBookings: { edges: { node: { id: string; bookingNumber: string } }[] } }>(
      stack,
      '{ myBookings { edges { node { id bookingNumber } } } }',
      {},
      owner.accessToken,
    );
    const booking = mine.myBookings.edges[0]!.node;
    const representations = [
      { __typename: 'Booking', id: booking.id },
      { __typename: 'Showing', id: showing.id },
      { __typename: 'Movie', id: movie.id },
      { __typename: 'Theater', id: theater.id },
      { __typename: 'User', id: owner.id },
      { __typename: 'Movie', id: '00000000-0000-4000-8000-000000000000' },
      { __typename: 'Showing', id: 'not-a-uuid' },
    ];
    statements = [];
    const result = await entities(representations, owner.accessToken);
    expect(result.errors).toBeUndefined();
    expect(result.data._entities).toEqual([
      { bookingNumber: booking.bookingNumber, showing: { id: showing.id } },
      { id: showing.id, price: '10.00' },
      { title: movie.title },
      { name: theater.name, capacity: 20 },
      { bookings: { totalCount: 1 } },
      null,
      null,
    ]);

    const stranger = await signUp(stack);
    const hidden = await entities([{ __typename: 'Booking', id: booking.id }], stranger.accessToken);
    expect(hidden.data._entities).toEqual([null]);
    // A user's bookings are for that user and staff only.
    const foreign = await entities([{ __typename: 'User', id: owner.id }], stranger.accessToken);
    expect(foreign.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    const staff = await signUp(stack, 'MODERATOR');
    const asStaff = await entities([{ __typename: 'User', id: owner.id }], staff.accessToken);
    expect(asStaff.data._entities).toEqual([{ bookings: { totalCount: 1 } }]);
  });
});

describe('search', () => {
  it('finds movies by title, genre and description, and theaters by name and address; title ranks first', async () => {
    const word = `quorvix${Math.random().toString(36).replace(/[^a-z]/g, '').slice(0, 6)}`;
    const inDescription = await createMovie(stack, admin.accessToken, { title: 'Quiet Harbor', description: `A tale about the ${word} comet.` });
    const inTitle = await createMovie(stack, admin.accessToken, { title: `${word} Rising`, genre: `${word}core` });
    const theater = await createTheater(stack, admin.accessToken, undefined, `${word} Palace`);
    const showing = await createShowing(stack, admin.accessToken, { movieId: inTitle.id, theaterId: theater.id });

    const SEARCH = `query ($q: String!, $first: Int) { search(query: $q, first: $first) {
      __typename ... on Movie { id } ... on Theater { id } ... on Showing { id }
    } }`;
    const found = await ok<{ search: { __typename: string; id: string }[] }>(stack, SEARCH, { q: word.toUpperCase() });
    const ids = found.search.map((hit) => hit.id);
    expect(ids).toEqual(expect.arrayContaining([inTitle.id, inDescription.id, theater.id, showing.id]));
    expect(ids.indexOf(inTitle.id)).toBeLessThan(ids.indexOf(inDescription.id));
    expect(found.search.find((hit) => hit.id === showing.id)?.__typename).toBe('Showing');

    // By a prefix of the title, by genre, by the theater's address words.
    const prefix = await ok<{ search: { id: string }[] }>(stack, SEARCH, { q: `${word.slice(0, 6)} ris` });
    expect(prefix.search.map((hit) => hit.id)).toContain(inTitle.id);
    const address = await ok<{ search: { id: string }[] }>(stack, SEARCH, { q: `${word} test road` });
    expect(address.search.map((hit) => hit.id)).toEqual([theater.id, showing.id]);
    const none = await ok<{ search: unknown[] }>(stack, SEARCH, { q: '  !!  ' });
    expect(none.search).toEqual([]);
  });

  it('is served by the GIN expression indexes', async () => {
    const connection = bookingService().orm.em.fork().getConnection();
    const indexes = await connection.execute<{ indexname: string; indexdef: string }[]>(
      `select indexname, indexdef from pg_indexes where indexname in ('movies_search_index', 'theaters_search_index')`,
    );
    expect(indexes.map((index) => index.indexname).sort()).toEqual(['movies_search_index', 'theaters_search_index']);
    for (const index of indexes) expect(index.indexdef).toMatch(/USING gin/);
  });
});

describe('the database', () => {
  it('matches the entities: no migration is missing', async () => {
    expect(await bookingService().orm.getMigrator().checkMigrationNeeded()).toBe(false);
  });

  it('takes the demo data once: theaters with seats, movies and a week of showings', async () => {
    const created = await seedBooking(bookingService().orm.em.fork());
    expect(created).toBeGreaterThan(0);
    expect(await seedBooking(bookingService().orm.em.fork())).toBe(0);
    const theaters = await ok<{ theaters: { name: string; capacity: number; showings: unknown[] }[] }>(
      stack,
      '{ theaters { name capacity showings { id } } }',
      {},
    );
    const odeon = theaters.theaters.find((t) => t.name === 'Grand Odeon');
    expect(odeon?.capacity).toBeGreaterThan(50);
    expect(odeon?.showings.length).toBe(21);
  });
});
