import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Outbox, OutboxEvents } from '../outbox/index.js';
import { parseEventEnvelope } from '../outbox/envelope.js';
import type { NewOutboxEvent } from '../outbox/writer.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { currentRequestScope, type RequestScope } from '../telemetry/request-scope.js';

/**
 * The contract between the subgraphs and the router's caches (README: Caching): a subgraph that
 * changes data others may have cached says which GraphQL type changed, twice.
 * - On the bus, through its outbox: an `entity.changed` envelope on ENTITY_CHANGES_CHANNEL, so every
 *   router drops what it cached about that type, however the change was made.
 * - On the answer of the request that made it: the CHANGED_TYPES_HEADER, so the router that carried
 *   the mutation drops it before the client has its answer (its next read is never stale).
 */
export const ENTITY_CHANGES_CHANNEL = 'cache:entity-changed';
export const ENTITY_CHANGED = 'entity.changed';
export const CHANGED_TYPES_HEADER = 'x-marquee-changed-types';

export interface EntityChange {
  typename: string;
  id: string;
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/** The outbox event announcing that one entity (of a GraphQL type) was created, changed or deleted. */
export function entityChangedEvent(typename: string, id: string): NewOutboxEvent {
  return { type: ENTITY_CHANGED, entityId: `${typename}:${id}`, channels: [ENTITY_CHANGES_CHANNEL], data: { typename, id } };
}

/** The change when the message is an `entity.changed` envelope naming a GraphQL type; otherwise null. */
export function parseEntityChange(message: string): EntityChange | null {
  const envelope = parseEventEnvelope(message);
  if (envelope?.type !== ENTITY_CHANGED) return null;
  const { typename, id } = envelope.data;
  if (typeof typename !== 'string' || !GRAPHQL_NAME.test(typename) || typeof id !== 'string') return null;
  return { typename, id };
}

/** Types changed while serving each request, keyed by its scope (one object per request). */
const changedTypes = new WeakMap<RequestScope, Set<string>>();

/** Records types the current request changed, for its answer's CHANGED_TYPES_HEADER. */
export function noteChangedTypes(types: Iterable<string>): void {
  const scope = currentRequestScope();
  if (!scope) return;
  const known = changedTypes.get(scope) ?? new Set<string>();
  for (const type of types) if (GRAPHQL_NAME.test(type)) known.add(type);
  changedTypes.set(scope, known);
}

/** Called by the outbox once a transaction with events committed. */
export function noteEntityChanges(events: readonly NewOutboxEvent[]): void {
  const types = events.filter((event) => event.type === ENTITY_CHANGED).map((event) => String(event.data.typename));
  if (types.length > 0) noteChangedTypes(types);
}

/** Sends the types this request changed to the router in CHANGED_TYPES_HEADER (every subgraph has it). */
export function changedTypesHeaderPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          const scope = currentRequestScope();
          const types = scope ? changedTypes.get(scope) : undefined;
          if (types && types.size > 0) response.http.headers.set(CHANGED_TYPES_HEADER, [...types].sort().join(', '));
        },
      };
    },
  };
}

/**
 * Runs a change in the outbox's transaction and announces the entity it touched
 * (`entityId` of the result) as changed: the usual way a mutation of public data is written.
 */
export function changeEntity<T>(
  outbox: Outbox,
  em: EntityManager,
  typename: string,
  entityId: (result: T) => string,
  work: (tx: EntityManager, events: OutboxEvents) => Promise<T>,
): Promise<T> {
  return outbox.transactional(em, async (tx, events) => {
    const result = await work(tx, events);
    events.add(entityChangedEvent(typename, entityId(result)));
    return result;
  });
}
