import { readFile } from 'node:fs/promises';
import { composeServices } from '@apollo/composition';
import { Kind, parse, printSchema } from 'graphql';
import { subgraphModules } from './subgraphs.js';

/** Every subgraph with its SDL file and its local URL, in the order the supergraph lists them. */
export const SUBGRAPHS = subgraphModules.map(({ name, defaultPort }) => ({ name, port: defaultPort }));

export const SUPERGRAPH_FILE = new URL('../schema/supergraph.graphql', import.meta.url);
/** The public API schema: what clients see (no federation internals); the web app's codegen reads it. */
export const API_SCHEMA_FILE = new URL('../schema/api.graphql', import.meta.url);

export interface Composition {
  supergraphSdl?: string;
  /** The API schema printed as SDL, for clients and their code generators. */
  apiSchemaSdl?: string;
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
  const apiSchemaSdl = `${printSchema(result.schema.toAPISchema().toGraphQLJSSchema())}\n`;
  return { supergraphSdl: result.supergraphSdl, apiSchemaSdl, errors: [], hints };
}

/** Subscription fields of a composed supergraph that carry no @live directive. */
export function undeclaredSubscriptionFields(supergraphSdl: string): string[] {
  const undeclared: string[] = [];
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || definition.name.value !== 'Subscription') continue;
    for (const field of definition.fields ?? []) {
      if (!field.directives?.some((directive) => directive.name.value === 'live')) undeclared.push(field.name.value);
    }
  }
  return undeclared;
}
