import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestStack, type TestStack } from '../../test/support/stack.js';

/** In development the router watches the supergraph file and serves a changed one without a restart. */
let stack: TestStack;
let dir: string;
let supergraphPath: string;

const ME_DESCRIPTION = '{ __type(name: "Query") { fields { name description } } }';

async function meDescription(): Promise<string | undefined> {
  const response = await stack.graphql<{ __type: { fields: { name: string; description: string | null }[] } }>(ME_DESCRIPTION);
  return response.body.data?.__type.fields.find((field) => field.name === 'me')?.description ?? undefined;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'marquee-supergraph-'));
  supergraphPath = path.join(dir, 'supergraph.graphql');
  await copyFile(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url)), supergraphPath);
  stack = await startTestStack({ env: { SUPERGRAPH_PATH: supergraphPath, SUPERGRAPH_WATCH: 'true', LANDING_PAGE: 'true' } });
});
afterAll(async () => {
  await stack.stop();
  await rm(dir, { recursive: true, force: true });
});

it('serves the new supergraph after the file changes', async () => {
  expect(await meDescription()).toBe('The signed-in user; null when anonymous.');
  const sdl = await readFile(supergraphPath, 'utf8');
  await writeFile(supergraphPath, sdl.replace('The signed-in user; null when anonymous.', 'Who is asking.'));
  // The reload is event-driven; poll a bounded number of times instead of sleeping a fixed time.
  let description: string | undefined;
  for (let attempt = 0; attempt < 100 && description !== 'Who is asking.'; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    description = await meDescription();
  }
  expect(description).toBe('Who is asking.');
  expect((await stack.graphql('{ me { id } }')).body).toEqual({ data: { me: null } });
});
