import { readFile } from 'node:fs/promises';
import { API_SCHEMA_FILE, composeSupergraph, SUPERGRAPH_FILE } from '../../scripts/supergraph.js';

it('the committed schema/supergraph.graphql is what the subgraph SDL files compose to (run `npm run compose`)', async () => {
  const { supergraphSdl, errors } = await composeSupergraph();
  expect(errors).toEqual([]);
  expect(await readFile(SUPERGRAPH_FILE, 'utf8')).toBe(supergraphSdl);
});

it('the committed schema/api.graphql is the public API of that supergraph, without federation internals', async () => {
  const { apiSchemaSdl } = await composeSupergraph();
  const committed = await readFile(API_SCHEMA_FILE, 'utf8');
  expect(committed).toBe(apiSchemaSdl);
  expect(committed).not.toMatch(/@join__|@link|join__Graph|_Service|_Entity|_entities/);
  expect(committed).toContain('type Query');
});
