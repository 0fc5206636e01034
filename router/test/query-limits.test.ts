import { connect, subscribe } from '../../test/support/subscriptions.js';
import { recordingLogger, startTestStack, type LogLine, type TestStack } from '../../test/support/stack.js';
import { signUp } from '../../test/support/users.js';

/**
 * Issue 9 items 1 and 2: the hostile documents are refused at the router with HTTP 400 and
 * QUERY_TOO_COMPLEX before any subgraph is called, while other clients keep being answered.
 */
const lines: LogLine[] = [];
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ logger: recordingLogger(lines), env: { ROUTER_RATE_LIMIT: '0' } });
});
afterAll(() => stack.stop());

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

let sent = 0;
async function send(query: string, token?: string, variables?: Record<string, unknown>): Promise<Answer & { requestId: string }> {
  const requestId = `limits-${(sent += 1)}-${Date.now()}`;
  const response = await fetch(stack.routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'], requestId };
}

/** What the subgraphs logged for one request id: nothing means no subgraph was called. */
const subgraphCalls = (requestId: string) => lines.filter((line) => line.requestId === requestId && line.service !== 'router' && line.msg === 'graphql request');

function expectRefused(answer: Answer & { requestId: string }, limit: string) {
  expect(answer.status).toBe(400);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
  expect(typeof answer.body.errors?.[0]?.extensions?.maximum).toBe('number');
  expect(subgraphCalls(answer.requestId)).toEqual([]);
}

const SEAT_MAPS = 'showings(from: "1970-01-01T00:00:00Z") { seatMap { seat { id } available } }';
const aliases = (count: number) => `{ theaters { ${Array.from({ length: count }, (_, i) => `s${i}: ${SEAT_MAPS}`).join(' ')} } }`;

it('the request log of an ordinary query shows the subgraph call (so the checks below can fail)', async () => {
  const answer = await send('{ theaters(first: 1) { name } }');
  expect(answer.status).toBe(200);
  expect(subgraphCalls(answer.requestId).length).toBeGreaterThan(0);
});

it('refuses the issue\'s 1,000-alias document (83 KB) for its length', async () => {
  const document = aliases(1000);
  expect(document.length).toBeGreaterThan(80_000);
  expectRefused(await send(document), 'tokens');
});

it('refuses more than 15 aliases', async () => {
  const query = `{ ${Array.from({ length: 16 }, (_, i) => `m${i}: movies(first: 1) { totalCount }`).join(' ')} }`;
  expectRefused(await send(query), 'aliases');
  // 15 are fine.
  const fifteen = `{ ${Array.from({ length: 15 }, (_, i) => `m${i}: movie(id: "00000000-0000-4000-8000-00000000000${i % 10}") { id }`).join(' ')} }`;
  expect((await send(fifteen)).status).toBe(200);
});

it('refuses more than 1,000 tokens and more than 50 directives', async () => {
  expectRefused(await send(`{ ${'__typename '.repeat(1001)}}`), 'tokens');
  expectRefused(await send(`{ __typename ${'@include(if: true) '.repeat(51)}}`), 'directives');
});

function fragmentChain(length: number): string {
  let document = 'query { ...F0 }\n';
  for (let i = 0; i < length; i += 1) document += `fragment F${i} on Query { ${i < length - 1 ? `...F${i + 1}` : '__typename'} }\n`;
  return document;
}

it('refuses a chain of 3,000 fragments with 400, not 500', async () => {
  const document = fragmentChain(3000);
  expect(document.length).toBeGreaterThan(100_000);
  const answer = await send(document);
  expectRefused(answer, 'tokens');
  expect(lines.filter((line) => line.level === 'error')).toEqual([]);
});

it('refuses documents deeper than MAX_QUERY_DEPTH', async () => {
  let nested = 'id';
  for (let level = 0; level < 20; level += 1) nested = `showing(id: "x") { movie { showings(first: 1) { ${nested} } } }`;
  expectRefused(await send(`{ ${nested} }`), 'depth');
});

it('refuses by static cost: the attack with one alias, and lists too large for an anonymous caller', async () => {
  expectRefused(await send(`{ theaters { ${SEAT_MAPS} } }`), 'cost');
  // Nine seat maps (about 54,000): over the anonymous budget, within a signed-in one.
  const twoSeatMaps = `query ($id: ID!) { ${Array.from({ length: 9 }, (_, i) => `s${i}: showing(id: $id) { seatMap { seat { id } available } }`).join(' ')} }`;
  const variables = { id: '00000000-0000-4000-8000-000000000001' };
  const anonymous = await send(twoSeatMaps, undefined, variables);
  expectRefused(anonymous, 'cost');
  expect(anonymous.body.errors?.[0]?.message).toMatch(/anonymous/);
  const user = await signUp(stack);
  const signedIn = await send(twoSeatMaps, user.accessToken, variables);
  expect(signedIn.status).toBe(200);
  expect(signedIn.body.errors).toBeUndefined();
});

it('keeps answering other clients while the attack documents arrive', async () => {
  const attacks = Array.from({ length: 30 }, (_, i) => send(i % 2 ? aliases(1000) : `{ theaters { ${SEAT_MAPS} } }`));
  const ordinary = await send('{ movies(first: 2) { edges { node { title } } } }');
  expect(ordinary.status).toBe(200);
  expect(ordinary.body.errors).toBeUndefined();
  for (const attack of await Promise.all(attacks)) expect(attack.status).toBe(400);
});

it('applies the same limits to operations over WebSocket', async () => {
  const user = await signUp(stack);
  const client = connect(stack, user.accessToken);
  try {
    const query = subscribe(client, `query { ${Array.from({ length: 16 }, (_, i) => `m${i}: movies(first: 1) { totalCount }`).join(' ')} }`);
    const outcome = await query.ended;
    expect(outcome.kind).toBe('error');
    expect(JSON.stringify(outcome)).toContain('QUERY_TOO_COMPLEX');
    const costly = subscribe(client, `query { theaters { ${SEAT_MAPS} } }`);
    expect(JSON.stringify(await costly.ended)).toContain('QUERY_TOO_COMPLEX');
    // Parsed by the WebSocket server itself: still refused for its length, without a stack overflow.
    const chain = subscribe(client, fragmentChain(3000));
    expect(JSON.stringify(await chain.ended)).toContain('"limit":"tokens"');
    // The connection is still good for ordinary work.
    const ordinary = subscribe<{ movies: { totalCount: number } }>(client, '{ movies(first: 1) { totalCount } }');
    expect(typeof (await ordinary.next()).data?.movies.totalCount).toBe('number');
  } finally {
    await client.dispose();
  }
});
