import { errorCodes, startTestStack, type TestStack } from '../../test/support/stack.js';
import { signUp, superAdminEnv, type SignedIn } from '../../test/support/users.js';

/**
 * Input that used to reach PostgreSQL and fail in the driver (INTERNAL_SERVER_ERROR): every
 * such value is the client's mistake and must come back as BAD_USER_INPUT, through the router.
 */
let stack: TestStack;
let admin: SignedIn;

beforeAll(async () => {
  stack = await startTestStack({ env: superAdminEnv });
  admin = await signUp(stack, 'ADMIN');
});
afterAll(() => stack.stop());

const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

describe('cursors of the right length but the wrong types are BAD_USER_INPUT on every connection', () => {
  const connections: [string, string][] = [
    ['myOrders', 'query ($after: String) { myOrders(after: $after) { totalCount } }'],
    ['restaurants', 'query ($after: String) { restaurants(after: $after) { totalCount } }'],
    ['products', 'query ($after: String) { products(after: $after) { totalCount } }'],
    ['me.bookings', 'query ($after: String) { me { bookings(after: $after) { totalCount } } }'],
    ['me.orders', 'query ($after: String) { me { orders(after: $after) { totalCount } } }'],
    ['myBookings', 'query ($after: String) { myBookings(after: $after) { totalCount } }'],
    ['showings', 'query ($after: String) { showings(after: $after) { totalCount } }'],
    ['movies', 'query ($after: String) { movies(after: $after) { totalCount } }'],
    ['users', 'query ($after: String) { users(after: $after) { totalCount } }'],
    ['lowStock', 'query ($after: String) { lowStock(after: $after) { totalCount } }'],
  ];
  const badCursors: [string, string][] = [
    ['["x","x"] (the issue\'s WyJ4IiwieCJd)', 'WyJ4IiwieCJd'],
    ['[true,false]', cursor([true, false])],
    ['[1,2]', cursor([1, 2])],
    ['a date where text is expected and text where an id is', cursor(['2026-01-01T00:00:00.000Z', 'not-an-id'])],
    ['objects', cursor([{}, []])],
    ['a year-0 date', cursor(['0000-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])],
  ];
  const cases = connections.flatMap(([name, query]) => badCursors.map(([label, after]) => [name, label, query, after] as const));

  it.each(cases)('%s with %s', async (_name, _label, query, after) => {
    const response = await stack.graphql(query, { after }, admin.accessToken);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.body.errors?.[0]?.extensions?.field).toBe('after');
  });

  it('still accepts the cursors the lists hand out', async () => {
    const first = await stack.graphql<{ users: { pageInfo: { endCursor: string } } }>('{ users(first: 1) { pageInfo { endCursor } } }', {}, admin.accessToken);
    const after = first.body.data!.users.pageInfo.endCursor;
    const next = await stack.graphql('query ($after: String) { users(first: 1, after: $after) { totalCount } }', { after }, admin.accessToken);
    expect(next.body.errors).toBeUndefined();
  });
});

describe('dates PostgreSQL cannot hold are BAD_USER_INPUT', () => {
  it.each([
    ['year 0000', '0000-01-01T00:00:00Z'],
    ['year 0001 pushed into year 0 by its offset', '0001-01-01T00:00:00+01:00'],
    ['30 February', '2026-02-30T00:00:00Z'],
    ['hour 24', '2026-01-01T24:00:00Z'],
    ['a five-digit year', '+10000-01-01T00:00:00Z'],
  ])('%s, as a variable and as a literal', async (_label, value) => {
    const asVariable = await stack.graphql('query ($from: DateTime) { showings(filter: { from: $from }) { totalCount } }', { from: value });
    expect(errorCodes(asVariable)).toEqual(['BAD_USER_INPUT']);
    const asLiteral = await stack.graphql(`{ theaters { showings(from: ${JSON.stringify(value)}) { id } } }`);
    expect(errorCodes(asLiteral)).toEqual(['BAD_USER_INPUT']);
  });

  it('accepts the edges of the range and a leap day', async () => {
    for (const value of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2028-02-29T12:00:00+02:00']) {
      const response = await stack.graphql('query ($from: DateTime) { showings(filter: { from: $from }) { totalCount } }', { from: value });
      expect(response.body.errors).toBeUndefined();
    }
  });
});

describe('a NUL character in any string argument is BAD_USER_INPUT', () => {
  it.each([
    ['category(slug:) as a literal', '{ category(slug: "a\\u0000b") { id } }', {}],
    ['category(slug:) as a variable', 'query ($slug: String) { category(slug: $slug) { id } }', { slug: 'a\u0000b' }],
    ['login email', 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', { input: { email: 'a\u0000@b.c', password: 'whatever-it-is' } }],
    ['movies genre', '{ movies(genre: "Drama\\u0000") { totalCount } }', {}],
    ['search', 'query ($q: String!) { search(query: $q) { __typename } }', { q: '\u0000' }],
  ])('%s', async (_label, query, variables) => {
    const response = await stack.graphql(query, variables);
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
  });

  it('register with a NUL in the name stores nothing', async () => {
    const email = `nul-${Date.now()}@test.local`;
    const response = await stack.graphql('mutation ($input: RegisterInput!) { register(input: $input) { accessToken } }', {
      input: { email, name: 'Nul\u0000Name', password: 'long enough password' },
    });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    const found = await stack.graphql('query ($after: String) { users(first: 100, after: $after) { edges { node { email } } } }', {}, admin.accessToken);
    expect(JSON.stringify(found.body.data)).not.toContain(email);
  });
});

describe('movies(genre:) matches a genre literally', () => {
  beforeAll(async () => {
    for (const [title, genre] of [
      ['Percent Film', 'Drama'],
      ['Under Film', 'Science_Fiction'],
      ['Slash Film', 'Comedy'],
    ]) {
      const created = await stack.graphql(
        'mutation ($input: CreateMovieInput!) { createMovie(input: $input) { id } }',
        { input: { title, genre, durationMinutes: 90 } },
        admin.accessToken,
      );
      expect(created.body.errors).toBeUndefined();
    }
  });

  const titles = async (genre: string) => {
    const response = await stack.graphql<{ movies: { edges: { node: { title: string } }[] } }>(
      'query ($genre: String) { movies(genre: $genre) { edges { node { title } } } }',
      { genre },
    );
    return { codes: errorCodes(response), titles: response.body.data?.movies.edges.map((edge) => edge.node.title) };
  };

  it('"%" and "_" are not wildcards', async () => {
    expect(await titles('%')).toEqual({ codes: [], titles: [] });
    expect(await titles('Dram_')).toEqual({ codes: [], titles: [] });
    expect(await titles('Science_Fiction')).toEqual({ codes: [], titles: ['Under Film'] });
  });

  it('a backslash is text, not an error', async () => {
    expect(await titles('\\')).toEqual({ codes: [], titles: [] });
    expect(await titles('Comedy\\')).toEqual({ codes: [], titles: [] });
  });

  it('still matches regardless of case', async () => {
    expect(await titles('drama')).toEqual({ codes: [], titles: ['Percent Film'] });
  });
});
