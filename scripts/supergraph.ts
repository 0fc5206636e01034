import { readFile } from 'node:fs/promises';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { subgraphModules } from './subgraphs.js';

/** Every subgraph with its SDL file and its local URL, in the order the supergraph lists them. */
export const SUBGRAPHS = subgraphModules.map(({ name, defaultPort }) => ({ name, port: defaultPort }));

export const SUPERGRAPH_FILE = new URL('../schema/supergraph.graphql', import.meta.url);

export interface Composition {
  supergraphSdl?: string;
  errors: string[];
  hints: string[];
}

/** Composes schema/<name>.graphql of every subgraph with Apollo's Federation 2 composition. */
export async function composeSupergraph(): Promise<Composition> {
  const services = await Promise.all(
    SUBGRAPHS.map(async ({ name, port }) => ({
      name,
      url: `http://localhost:${port}/graphql`,
      typeDefs: parse(await readFile(new URL(`../schema/${name}.graphql`, import.meta.url), 'utf8')),
    })),
  );
  const result = composeServices(services);
  const hints = (result.hints ?? []).map((hint) => `${hint.definition.code}: ${hint.message}`);
  if (result.errors) return { errors: result.errors.map((error) => error.message), hints };
  return { supergraphSdl: result.supergraphSdl, errors: [], hints };
}
