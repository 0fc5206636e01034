/** `npm run compose`: writes schema/supergraph.graphql and schema/api.graphql, printing composition hints and errors. */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { API_SCHEMA_FILE, composeSupergraph, SUPERGRAPH_FILE, undeclaredSubscriptionFields } from './supergraph.js';

const { supergraphSdl, apiSchemaSdl, errors, hints } = await composeSupergraph();
for (const hint of hints) console.warn(`hint: ${hint}`);
// The router serves only subscriptions its owning subgraph declared with @live (@composeDirective).
const undeclared = supergraphSdl ? undeclaredSubscriptionFields(supergraphSdl) : [];
for (const field of undeclared) errors.push(`Subscription.${field} has no @live declaration: the router could not serve it (README: "Adding a live field")`);
if (!supergraphSdl || !apiSchemaSdl || undeclared.length > 0) {
  for (const error of errors) console.error(`error: ${error}`);
  process.exit(1);
}
await writeFile(SUPERGRAPH_FILE, supergraphSdl);
await writeFile(API_SCHEMA_FILE, apiSchemaSdl);
console.log(`wrote ${fileURLToPath(SUPERGRAPH_FILE)} and ${fileURLToPath(API_SCHEMA_FILE)}`);
