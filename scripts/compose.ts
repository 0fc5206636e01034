/** `npm run compose`: writes schema/supergraph.graphql, printing composition hints and errors. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { composeSupergraph, SUPERGRAPH_FILE } from './supergraph.js';

const { supergraphSdl, errors, hints } = await composeSupergraph();
for (const hint of hints) console.warn(`hint: ${hint}`);
if (!supergraphSdl) {
  for (const error of errors) console.error(`error: ${error}`);
  process.exit(1);
}
await writeFile(SUPERGRAPH_FILE, supergraphSdl);
console.log(`wrote ${fileURLToPath(SUPERGRAPH_FILE)}`);
