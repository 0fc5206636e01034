import { randomBytes } from 'node:crypto';
import type { EntitySchema } from '@mikro-orm/core';
import { createLogger, dropDatabase, findConnection, findViewConnection, findViews, openDatabase, viewShape, type EntityView, type Orm, type ViewIncludes } from '@marquee/platform';
import { Movie } from '../../subgraphs/booking/src/entities/Movie.js';
import { Showing } from '../../subgraphs/booking/src/entities/Showing.js';
import type { Theater } from '../../subgraphs/booking/src/entities/Theater.js';
import { subgraphModules } from '../../scripts/subgraphs.js';

/**
 * Read views (ADR 0027) must be what MikroORM's hydration gives, value for value, for every entity
 * of every subgraph, and view connections must page exactly as findConnection does.
 */
const serverUrl = () => process.env.DATABASE_URL as string;
const opened = new Map<string, Orm>();
const names: string[] = [];

beforeAll(async () => {
  for (const module of subgraphModules) {
    const databaseName = `marquee_views_${module.name}_${randomBytes(4).toString('hex')}`;
    names.push(databaseName);
    const orm = await openDatabase({
      serverUrl: serverUrl(),
      databaseName,
      entities: module.database.entities,
      migrations: module.database.migrations,
      logger: createLogger('silent'),
    });
    opened.set(module.name, orm);
    await module.seed?.(orm.em.fork());
  }
}, 120_000);

afterAll(async () => {
  for (const orm of opened.values()) await orm.close();
  for (const name of names) await dropDatabase(serverUrl(), name);
});

const orm = (name: string) => opened.get(name) as Orm;
/** An entity class of a subgraph, by name. */
const entityOf = <T extends object = { id: string }>(subgraph: string, className: string) => {
  const schema = subgraphModules.find((module) => module.name === subgraph)?.database.entities.find((candidate) => candidate.meta.className === className);
  if (!schema) throw new Error(`no entity ${className} in ${subgraph}`);
  return schema.meta.class as new () => T;
};

/** The value a view should hold for an entity's property: a reference's key, a Date's instant. */
function comparable(value: unknown, key?: string): unknown {
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object' && key) return { [key]: (value as Record<string, unknown>)[key] };
  return value;
}

describe.each(subgraphModules.map((module) => [module.name, module.database.entities] as const))('%s views', (name, entities) => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EntitySchema generics are invariant
  const readable = (entities as EntitySchema<any, any>[]).filter((schema) => schema.meta.className !== 'OutboxEvent');

  it.each(readable.map((schema) => [schema.meta.className, schema] as const))('%s: every row as MikroORM hydrates it', async (_className, schema) => {
    const em = orm(name).em.fork();
    const entity = schema.meta.class;
    const hydrated = (await em.find(entity, {})) as Record<string, unknown>[];
    const views = (await findViews(em, entity, {})) as Record<string, unknown>[];
    expect(views).toHaveLength(hydrated.length);
    const meta = em.getMetadata().find(entity);
    const primary = meta?.primaryKeys[0] as string;
    const byKey = new Map(hydrated.map((row) => [row[primary], row]));
    for (const view of views) {
      const row = byKey.get(view[primary]) as Record<string, unknown>;
      for (const [property, value] of Object.entries(view)) {
        const reference = meta?.properties[property]?.targetMeta?.primaryKeys[0];
        expect([property, comparable(value, reference)]).toEqual([property, comparable(row[property], reference)]);
      }
      // Every loaded property is in the view, lazy ones (a password hash) are not.
      const loaded = Object.values(meta?.properties ?? {}).filter((prop) => !prop.lazy && prop.persist !== false && prop.fieldNames?.length);
      expect(Object.keys(view).sort()).toEqual(loaded.map((prop) => prop.name).sort());
    }
  });

  it('refuses what it cannot read as MikroORM does (the outbox: json and bigint columns)', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EntitySchema generics are invariant
    const outbox = (entities as EntitySchema<any, any>[]).find((schema) => schema.meta.className === 'OutboxEvent');
    if (!outbox) return;
    expect(() => viewShape(orm(name).em.fork(), outbox.meta.class)).toThrow(/views cannot read OutboxEvent\./);
  });
});

describe('findViewConnection pages as findConnection', () => {
  const cases = [
    { subgraph: 'catalog', entity: 'Product', orderBy: { name: 'asc', id: 'asc' } },
    { subgraph: 'food', entity: 'Restaurant', orderBy: { name: 'asc', id: 'asc' } },
    { subgraph: 'booking', entity: 'Showing', orderBy: { startsAt: 'desc', id: 'desc' } },
  ] as const;

  it.each(cases.map((c) => [c.subgraph, c] as const))('%s: every page, cursor, count and hasNextPage alike', async (_subgraph, { subgraph, entity: className, orderBy }) => {
    const em = orm(subgraph).em.fork();
    const entity = entityOf(subgraph, className);
    for (const first of [0, 1, 3]) {
      let after: string | null = null;
      for (let page = 0; page < 50; page += 1) {
        const args: { first: number; after: string | null } = { first, after };
        const expected = await findConnection(em.fork(), entity, {}, args, orderBy);
        const actual: Awaited<ReturnType<typeof findViewConnection>> = await findViewConnection(em.fork(), entity, {}, args, orderBy);
        const shape = (connection: typeof expected) => ({
          totalCount: connection.totalCount,
          pageInfo: connection.pageInfo,
          edges: connection.edges.map((edge) => [edge.cursor, (edge.node as { id: string }).id]),
        });
        expect(shape(actual)).toEqual(shape(expected));
        if (!actual.pageInfo.hasNextPage || first === 0) break;
        after = actual.pageInfo.endCursor;
      }
    }
  });

  it('refuses a foreign cursor with BAD_USER_INPUT, as findConnection does', async () => {
    const em = orm('food').em.fork();
    await expect(findViewConnection(em, entityOf('food', 'Restaurant'), {}, { first: 2, after: 'WyJ4IiwieCJd' }, { id: 'asc' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  });
});

describe('inside a transaction', () => {
  it("reads on the transaction's connection: its own uncommitted rows, nobody else's", async () => {
    const Restaurant = entityOf<{ id: string; name: string; address: string; phone: string | null }>('food', 'Restaurant');
    const em = orm('food').em.fork();
    const name = `Uncommitted ${randomBytes(4).toString('hex')}`;
    await em
      .transactional(async (inside) => {
        inside.persist(Object.assign(new Restaurant(), { name, address: '1 Test Street', phone: '+1 555 0100' }));
        await inside.flush();
        expect((await findViews(inside, Restaurant, { name })).map((row) => row.id)).toHaveLength(1);
        // Another request's fork does not see it before the commit.
        expect(await findViews(orm('food').em.fork(), Restaurant, { name })).toEqual([]);
        throw new Error('roll back');
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.message !== 'roll back') throw error;
      });
    expect(await findViews(orm('food').em.fork(), Restaurant, { name })).toEqual([]);
  });
});

describe('includes', () => {
  it('reads the many-to-ones in the page statement as their own views, only the wanted ones', async () => {
    const em = orm('booking').em.fork();
    const movies = new Map<string, EntityView<Movie>>();
    const theaters = new Map<string, EntityView<Theater>>();
    const include: ViewIncludes<Showing> = {
      movie: { each: (movie) => movies.set(movie.id, movie) },
      theater: { each: (theater) => theaters.set(theater.id, theater) },
    };
    const page = await findViewConnection(em, Showing, {}, { first: 5 }, { startsAt: 'asc', id: 'asc' }, { include, wanted: (path) => path === 'movie' });
    const plain = await findViewConnection(em, Showing, {}, { first: 5 }, { startsAt: 'asc', id: 'asc' });
    expect(page.edges.map((edge) => edge.node)).toEqual(plain.edges.map((edge) => edge.node));
    expect(theaters.size).toBe(0);
    const movieIds = [...new Set(page.edges.map((edge) => edge.node.movie.id))];
    expect([...movies.keys()].sort()).toEqual(movieIds.sort());
    for (const movie of await findViews(em, Movie, { id: movieIds })) expect(movies.get(movie.id)).toEqual(movie);
  });
});
