import { readFile } from 'node:fs/promises';
import { composeSupergraph, SUPERGRAPH_FILE } from '../../scripts/supergraph.js';

it('the committed schema/supergraph.graphql is what the subgraph SDL files compose to (run `npm run compose`)', async () => {
  const { supergraphSdl, errors } = await composeSupergraph();
  expect(errors).toEqual([]);
  expect(await readFile(SUPERGRAPH_FILE, 'utf8')).toBe(supergraphSdl);
});
