import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLFormattedError } from 'graphql';
import type { SubgraphRequest } from './cache/entity-cache.js';

/** What one entity fetch gets back: its own slice of the answer, and what came with the whole. */
export interface EntityFetchResult<Meta> {
  response: GatewayGraphQLResponse;
  meta: Meta;
}

type Send<Meta> = (payload: SubgraphRequest) => Promise<EntityFetchResult<Meta>>;

interface Member<Meta> {
  representations: unknown[];
  resolve: (result: EntityFetchResult<Meta>) => void;
  reject: (error: unknown) => void;
}

interface Batch<Meta> {
  first: SubgraphRequest;
  send: Send<Meta>;
  members: Member<Meta>[];
}

/**
 * Splits the answer to merged entity fetches back into each member's: its slice of `_entities`,
 * the errors at its entities (their index made its own) and every error that names no entity.
 * Throws when the answer does not have one entity per representation.
 */
export function splitEntityAnswer(response: GatewayGraphQLResponse, counts: readonly number[]): GatewayGraphQLResponse[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const entities = (response.data as { _entities?: unknown } | null | undefined)?._entities;
  if (response.data && (!Array.isArray(entities) || entities.length !== total)) throw new Error(`the subgraph answered a different number of entities than the ${total} asked for`);
  const offsets = counts.map((_, index) => counts.slice(0, index).reduce((sum, count) => sum + count, 0));
  return counts.map((count, member) => {
    const from = offsets[member]!;
    const errors: GraphQLFormattedError[] = [];
    for (const error of response.errors ?? []) {
      const [field, index, ...rest] = error.path ?? [];
      if (field !== '_entities' || typeof index !== 'number') errors.push(error);
      else if (index >= from && index < from + count) errors.push({ ...error, path: ['_entities', index - from, ...rest] });
    }
    const part: GatewayGraphQLResponse = { ...response, data: Array.isArray(entities) ? { ...response.data, _entities: entities.slice(from, from + count) } : response.data };
    if (errors.length > 0) part.errors = errors;
    else delete part.errors;
    return part;
  });
}

/**
 * Entity fetches of one operation to one subgraph with the same selection, started together, go
 * out as one request with all their representations; each gets its slice of the answer. The
 * query planner already sends a list's entities in one fetch, but plans one fetch per path: a
 * query with aliases (the router's own batch of live events: `e0.user`, `e1.user`, ...) would
 * otherwise cost one request per alias. Only fetches of one operation (one `scope`) are merged,
 * so one caller's fetch never waits on, or fails with, another's.
 */
export class EntityFetchBatches<Meta> {
  private readonly open = new WeakMap<object, Map<string, Batch<Meta>>>();

  fetch(scope: object, payload: SubgraphRequest, send: Send<Meta>): Promise<EntityFetchResult<Meta>> {
    const { representations, ...others } = payload.variables ?? {};
    if (!Array.isArray(representations) || typeof payload.query !== 'string') return send(payload);
    // The planner names each fetch (`Op__auth__3`); what decides the answer is the rest.
    const key = `${payload.query.replace(/^query\s+[_A-Za-z][_0-9A-Za-z]*/, 'query')}\u0000${JSON.stringify(others)}`;
    let batches = this.open.get(scope);
    if (!batches) {
      batches = new Map();
      this.open.set(scope, batches);
    }
    let batch = batches.get(key);
    if (!batch) {
      const opened: Batch<Meta> = { first: payload, send, members: [] };
      batches.set(key, opened);
      // The planner starts a Parallel node's fetches in one synchronous pass: they are all here
      // by the time this microtask runs, and a fetch alone waits for nothing.
      const open = batches;
      queueMicrotask(() => {
        open.delete(key);
        void this.flush(opened);
      });
      batch = opened;
    }
    const member = batch;
    return new Promise((resolve, reject) => member.members.push({ representations, resolve, reject }));
  }

  private async flush({ first, send, members }: Batch<Meta>): Promise<void> {
    if (members.length === 1) {
      send(first).then(members[0]!.resolve, members[0]!.reject);
      return;
    }
    const representations = members.flatMap((member) => member.representations);
    try {
      const { response, meta } = await send({ ...first, variables: { ...first.variables, representations } });
      const parts = splitEntityAnswer(
        response,
        members.map((member) => member.representations.length),
      );
      members.forEach((member, index) => member.resolve({ response: parts[index]!, meta }));
    } catch (error) {
      for (const member of members) member.reject(error);
    }
  }
}
