import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestStack, type TestStack } from '../../test/support/stack.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const CATEGORIES = 'query Categories { categories { name } }';
const ME = 'query Me { me { id } }';

async function post(stack: TestStack, body: Record<string, unknown>): Promise<{ status: number; body: { data?: unknown; errors?: { extensions?: { code?: string } }[] } }> {
  const response = await fetch(stack.routerUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
}
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('automatic persisted queries', () => {
  let stack: TestStack;
  let replica: TestStack | undefined;
  beforeAll(async () => {
    stack = await startTestStack();
    // With Redis, a query registered on one replica is known to every other.
    if (process.env.REDIS_URL) replica = await startTestStack({ replicaOf: stack });
  });
  afterAll(async () => {
    await replica?.stop();
    await stack.stop();
  });

  it('asks for the text of an unknown hash, then answers by hash alone (on every replica with Redis)', async () => {
    const query = `${CATEGORIES} # ${Math.random()}`;
    const hash = sha256(query);
    const unknown = await post(stack, { extensions: persisted(hash) });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post(stack, { query, extensions: persisted(hash) });
    expect(registered.body.errors).toBeUndefined();
    for (const target of [stack, replica ?? stack]) {
      const byHash = await post(target, { extensions: persisted(hash) });
      expect(byHash.status).toBe(200);
      expect(byHash.body).toEqual(registered.body);
    }
  });
});

describe('trusted documents', () => {
  let stack: TestStack;
  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'marquee-trusted-'));
    const manifest = path.join(dir, 'persisted-documents.json');
    // The client preset's manifest: its own hash of each document → the document.
    await writeFile(manifest, JSON.stringify({ 'client-preset-hash-1': CATEGORIES }));
    stack = await startTestStack({ env: { TRUSTED_DOCUMENTS: manifest } });
  });
  afterAll(() => stack.stop());

  it('runs a registered operation sent as text or by its hash', async () => {
    const asText = await post(stack, { query: CATEGORIES });
    expect(asText.body.errors).toBeUndefined();
    expect(asText.body.data).toEqual({ categories: expect.any(Array) });
    const byHash = await post(stack, { extensions: persisted(sha256(CATEGORIES)) });
    expect(byHash.body).toEqual(asText.body);
  });

  it('refuses any other operation with 400 OPERATION_NOT_TRUSTED, and registers nothing', async () => {
    const other = await post(stack, { query: ME });
    expect(other.status).toBe(400);
    expect(other.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_TRUSTED');
    expect(other.body.data).toBeUndefined();
    const apq = await post(stack, { query: ME, extensions: persisted(sha256(ME)) });
    expect(apq.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_TRUSTED');
    const later = await post(stack, { extensions: persisted(sha256(ME)) });
    expect(later.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});
