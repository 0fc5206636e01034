import { buildSchema, graphql } from 'graphql';
import { selectedBelow, selectsField } from '@marquee/platform';

/** `selectsField` decides whether a list counts its rows: it must see totalCount however it is asked. */
const schema = buildSchema(`
  type Connection { totalCount: Int! edges: [Int!]! }
  type Query { list: Connection! }
`);

async function counted(query: string): Promise<boolean> {
  let seen: boolean | undefined;
  const result = await graphql({
    schema,
    source: query,
    rootValue: {
      list: (_args: unknown, _context: unknown, info: Parameters<typeof selectsField>[0]) => {
        seen = selectsField(info, 'totalCount');
        return { totalCount: 3, edges: [] };
      },
    },
  });
  expect(result.errors).toBeUndefined();
  return seen as boolean;
}

it('sees totalCount asked directly, aliased, in an inline fragment or in a named fragment', async () => {
  expect(await counted('{ list { totalCount } }')).toBe(true);
  expect(await counted('{ list { n: totalCount } }')).toBe(true);
  expect(await counted('{ list { ... on Connection { totalCount } } }')).toBe(true);
  expect(await counted('{ list { ...Counted } } fragment Counted on Connection { ... { totalCount } }')).toBe(true);
  expect(await counted('{ a: list { edges } list { totalCount } }')).toBe(true);
});

it('does not count when only the edges are asked for', async () => {
  expect(await counted('{ list { edges } }')).toBe(false);
  expect(await counted('{ list { ...Edges } } fragment Edges on Connection { edges }')).toBe(false);
});

describe('selectedBelow', () => {
  const nested = buildSchema(`
    type Movie { title: String! }
    type Showing { movie: Movie! startsAt: String! }
    type Booking { showing: Showing! number: String! }
    type Edge { node: Booking! }
    type Connection { edges: [Edge!]! }
    type Query { bookings: Connection! }
  `);

  async function paths(query: string): Promise<string[]> {
    let seen: string[] = [];
    const result = await graphql({
      schema: nested,
      source: query,
      rootValue: {
        bookings: (_args: unknown, _context: unknown, info: Parameters<typeof selectsField>[0]) => {
          const wanted = selectedBelow(info, ['edges', 'node']);
          seen = ['showing', 'showing.movie', 'showing.theater'].filter(wanted);
          return { edges: [] };
        },
      },
    });
    expect(result.errors).toBeUndefined();
    return seen;
  }

  it('finds the relations the nodes follow, through fragments, and no others', async () => {
    expect(await paths('{ bookings { edges { node { number } } } }')).toEqual([]);
    expect(await paths('{ bookings { edges { node { showing { startsAt } } } } }')).toEqual(['showing']);
    expect(await paths('{ bookings { edges { node { showing { movie { title } } } } } }')).toEqual(['showing', 'showing.movie']);
    expect(await paths('{ bookings { edges { ...E } } } fragment E on Edge { node { ... on Booking { showing { ...S } } } } fragment S on Showing { movie { title } }')).toEqual([
      'showing',
      'showing.movie',
    ]);
  });
});
