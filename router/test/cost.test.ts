import { readFile } from 'node:fs/promises';
import { buildSchema, getNamedType, getNullableType, isListType, isObjectType, parse, type GraphQLSchema } from 'graphql';
import { costDirectivesOf, operationCost, type CostDirectives } from '../src/limits/index.js';

/** The static cost model over the committed supergraph: every list is bounded, lists multiply. */
let schema: GraphQLSchema;
let directives: CostDirectives;
beforeAll(async () => {
  const sdl = await readFile(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8');
  schema = buildSchema(sdl);
  directives = costDirectivesOf(sdl);
});

const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  const operation = document.definitions.find((definition) => definition.kind === 'OperationDefinition');
  if (operation?.kind !== 'OperationDefinition') throw new Error('no operation');
  return operationCost({ schema, directives, document, operation, variables });
};

it('gives every list field of the supergraph a size: @listSize, or a connection sized by its field', () => {
  const sizedByParent = new Set<string>();
  for (const [key, declared] of directives) {
    if (!declared.sizedFields) continue;
    const [typeName = '', fieldName = ''] = key.split('.');
    const type = schema.getType(typeName);
    if (!isObjectType(type)) continue;
    const returned = getNamedType(type.getFields()[fieldName]!.type);
    for (const sized of declared.sizedFields) sizedByParent.add(`${returned.name}.${sized}`);
  }
  const unbounded: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name.startsWith('join__') || type.name.startsWith('link__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!isListType(getNullableType(field.type))) continue;
      const key = `${type.name}.${field.name}`;
      const declared = directives.get(key);
      const bounded = declared?.assumedSize !== undefined || declared?.slicingArguments?.length || sizedByParent.has(key);
      if (!bounded) unbounded.push(key);
    }
  }
  expect(unbounded).toEqual([]);
});

it('multiplies lists by their slicing argument, their default or their documented cap', () => {
  expect(cost('{ movies(first: 5) { edges { node { title } } } }')).toBe(1 + 5 * (1 + 1));
  expect(cost('{ movies { totalCount } }')).toBe(1);
  expect(cost('query ($n: Int) { movies(first: $n) { edges { node { title } } } }', { n: 3 })).toBe(1 + 3 * 2);
  // A seat map is bounded by the largest theater: 3,000 seats.
  expect(cost('query ($id: ID!) { showing(id: $id) { seatMap { seat { id } available } } }', { id: 'x' })).toBe(1 + 3000 * 2);
  // Theater.showings: 50 unless `first` says otherwise.
  expect(cost('{ theaters(first: 2) { name showings { startsAt } } }')).toBe(2 * (1 + 50 * 1));
  expect(cost('{ theaters(first: 2) { showings(first: 3) { startsAt } } }')).toBe(2 * (1 + 3));
  // Over the cap the resolver refuses the value; the cost counts it at the cap.
  expect(cost('{ movies(first: 5000) { edges { node { title } } } }')).toBe(1 + 100 * 2);
  // A booking holds at most 10 seats.
  expect(cost('{ myBookings(first: 2) { edges { node { seats { id } } } } }')).toBe(1 + 2 * (1 + 1 + 10));
});

it('prices the issue\'s attack far above any budget, even with a single alias', () => {
  const attack = cost('{ theaters { showings(from: "1970-01-01T00:00:00Z") { seatMap { seat { id } available } } } }');
  expect(attack).toBeGreaterThan(1_000_000);
});

it('counts fragments and mutations', () => {
  expect(cost('{ ...F } fragment F on Query { movies(first: 2) { edges { node { title } } } }')).toBe(1 + 2 * 2);
  expect(cost('mutation { logout(refreshToken: "x") }')).toBe(10);
});
