import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode, metrics, recordDeliveries } from '@marquee/platform';
import type { Cohort } from './cohort.js';
import type { Envelope } from './envelope.js';

/** An event waiting to be resolved for one cohort. */
export interface Pending {
  cohort: Cohort;
  event: Envelope;
}

/** Codes that mean "this caller may not see this entity (any more)": the event is skipped. */
const NOT_VISIBLE = new Set<unknown>([ErrorCode.NOT_FOUND, ErrorCode.FORBIDDEN, ErrorCode.UNAUTHENTICATED]);

/**
 * Writes each cohort's result per entity once, at the place of that entity's last event in the
 * batch: several events of one entity resolved together show the same (latest) state, and
 * sending it twice would only cost every socket a copy (events are conflated, never reordered).
 * For the same reason a result whose changes an earlier resolution already showed, identical to
 * what it sent, is not sent again (Cohort.alreadyShown).
 */
export function deliver(batch: Pending[], aliasOf: number[], resolvedFrom: number, data: Record<string, unknown> | null, errors: readonly GraphQLFormattedError[]): number {
  const general = errors.filter((error) => !error.path || error.path.length === 0);
  const keyAt = batch.map(({ cohort }, position) => `${cohort.spec.key}\u0000e${aliasOf[position]}`);
  const lastPosition = new Map<string, number>();
  // The newest event of each entity (an event without a time counts as newest of all).
  const latestAt = new Map<string, number>();
  keyAt.forEach((key, position) => {
    lastPosition.set(key, position);
    const occurredAt = Date.parse(batch[position]!.event.occurredAt ?? '');
    latestAt.set(key, Math.max(latestAt.get(key) ?? Number.NEGATIVE_INFINITY, Number.isNaN(occurredAt) ? Number.POSITIVE_INFINITY : occurredAt));
  });
  metrics.subscriptionResolvedEvents.inc({ scope: batch[0]!.cohort.spec.scope }, batch.length);
  batch.forEach(({ cohort, event }, position) => {
    if (lastPosition.get(keyAt[position]!) !== position) return;
    const json = payload(cohort.spec.responseKey, `e${aliasOf[position]}`, data, errors, general);
    if (json === null) return;
    if (cohort.alreadyShown(event.entityId, json, latestAt.get(keyAt[position]!)!, resolvedFrom)) {
      metrics.unchangedPayloads.inc();
      return;
    }
    for (const member of cohort.members) member.send(json);
    recordDeliveries(cohort.members.size, event.occurredAt);
  });
  return batch.length;
}

/** The cohort's result for one alias, serialized; null when the scope may not see the entity. */
function payload(responseKey: string, alias: string, data: Record<string, unknown> | null, errors: readonly GraphQLFormattedError[], general: readonly GraphQLFormattedError[]): string | null {
  const value = data?.[alias] ?? null;
  const own = errors
    .filter((error) => error.path?.[0] === alias)
    .map((error) => ({ ...error, path: [responseKey, ...error.path!.slice(1)] }));
  if (value === null) {
    // Re-authorized per event by the subgraph itself: what the scope may not see is not sent.
    if (own.length === 0 && general.length === 0) return null;
    if (own.some((error) => NOT_VISIBLE.has(error.extensions?.code))) return null;
  }
  const all = [...general, ...own];
  return JSON.stringify(value === null ? { data: null, errors: all } : { data: { [responseKey]: value }, ...(all.length > 0 ? { errors: all } : {}) });
}
