import { print, type FormattedExecutionResult } from 'graphql';
import { contextFromTraceparent, ErrorCode, linksFromTraceparents, metrics, SpanKind, unauthenticated, withSpan, type EventBus, type Logger } from '@marquee/platform';
import { Cohort } from './cohort.js';
import { deliver, type Pending } from './delivery.js';
import { parseEnvelope } from './envelope.js';
import type { LiveField, LiveScope } from './live-fields.js';
import { batchQuery, type BatchEntry, type LiveSelection } from './selection.js';
import type { Subscriber } from './subscriber.js';
import type { PerFieldCallers } from '../context.js';
import type { Caller, RunOperation } from './types.js';

/** What makes subscribers one cohort: they are guaranteed the same payload for every event. */
export interface CohortSpec {
  /** Field, response key, normalized selection, variables, scope key and channel. */
  key: string;
  /** Cohorts resolved together in one gateway operation: same selection shape and scope key. */
  batchKey: string;
  channel: string;
  field: LiveField;
  selection: LiveSelection;
  /** The values of the variables the selection uses. */
  variables: Record<string, unknown>;
  responseKey: string;
  scope: LiveScope;
}


interface Group {
  pending: Pending[];
  timer?: NodeJS.Timeout;
  running: boolean;
}

export interface CohortOptions {
  events: EventBus;
  run: RunOperation;
  logger: Logger;
  batchWindowMs: number;
  batchMaxEvents: number;
  maxConcurrentResolutions: number;
}

export interface CohortStats {
  cohorts: number;
  subscribers: number;
  /** Gateway operations run to resolve events since start. */
  resolutions: number;
  /** Events resolved (each counted once per cohort) since start. */
  resolvedEvents: number;
}

/** Codes of an operation refused as a whole, before any subgraph ran: too big for the limits. */
const REFUSED_AS_A_WHOLE = new Set<unknown>(['GRAPHQL_VALIDATION_FAILED', 'QUERY_TOO_COMPLEX']);

/** Batch shapes whose smaller size is remembered (the rest start again at batchMaxEvents). */
const MAX_REMEMBERED_BATCH_SIZES = 1000;

/** Tokens tried per batch when the subgraphs refuse one as UNAUTHENTICATED (revoked, say). */
const MAX_REPRESENTATIVE_ATTEMPTS = 3;

/** resolveTogether's answer for an operation the limits refused as a whole. */
const REFUSED = Symbol('refused');

const revoked = () => unauthenticated('The access token is no longer valid; the subscription has ended. Sign in again and resubscribe.');

/**
 * Subscribers grouped into cohorts (one bus listener each), and events resolved per batch: all
 * events of cohorts with one selection shape and scope key that arrive within the batch window
 * become one gateway query with an aliased lookup per event. Each result is serialized once and
 * written to every socket of its cohort. Batches of one group run one after another, so each
 * cohort sees its events in arrival order (per-entity order is the publisher's, CONTRACTS.md §1).
 */
export class Cohorts {
  private readonly cohorts = new Map<string, Cohort>();
  private readonly groups = new Map<string, Group>();
  private readonly memberships = new Map<Subscriber, Cohort>();
  private running = 0;
  private readonly queue: (() => void)[] = [];
  private resolutions = 0;
  private resolvedEvents = 0;
  /**
   * Events per batch for a batch key whose batch the operation limits refused (a large selection
   * repeated per event passes the token or cost limit): halved until it passed.
   */
  private readonly batchSizes = new Map<string, number>();
  /** Selections whose query plan is more than one fetch: their owners' events go one owner at a time. */
  private readonly perOwnerShapes = new Set<string>();

  constructor(private readonly options: CohortOptions) {}

  /** Adds the subscriber to its cohort; resolves once the cohort's bus listener is live. */
  async join(spec: CohortSpec, subscriber: Subscriber): Promise<void> {
    let cohort = this.cohorts.get(spec.key);
    if (!cohort) {
      const created = new Cohort(spec);
      created.ready = this.options.events.subscribe(spec.channel, (message) => this.received(created, message));
      this.cohorts.set(spec.key, created);
      cohort = created;
    }
    cohort.add(subscriber);
    if (!this.memberships.has(subscriber)) metrics.subscriptionsActive.inc();
    this.memberships.set(subscriber, cohort);
    try {
      await cohort.ready;
    } catch (error) {
      this.leave(subscriber);
      throw error;
    }
  }

  leave(subscriber: Subscriber): void {
    const cohort = this.memberships.get(subscriber);
    if (!cohort) return;
    this.memberships.delete(subscriber);
    metrics.subscriptionsActive.dec();
    cohort.members.delete(subscriber);
    if (cohort.members.size > 0) return;
    if (this.cohorts.get(cohort.spec.key) === cohort) this.cohorts.delete(cohort.spec.key);
    cohort.ready.then(
      (stop) => stop(),
      () => {},
    );
  }

  /** Stops batching: pending events are dropped (their subscribers are being closed). */
  close(): void {
    for (const group of this.groups.values()) {
      clearTimeout(group.timer);
      group.pending.length = 0;
    }
    this.groups.clear();
  }

  stats(): CohortStats {
    return { cohorts: this.cohorts.size, subscribers: this.memberships.size, resolutions: this.resolutions, resolvedEvents: this.resolvedEvents };
  }

  private received(cohort: Cohort, message: string): void {
    const event = parseEnvelope(message);
    if (!event) {
      this.options.logger.warn('event without an entityId ignored', { channel: cohort.spec.channel });
      return;
    }
    if (cohort.members.size === 0 || !cohort.filter.accept(event)) return;
    let group = this.groups.get(cohort.spec.batchKey);
    if (!group) {
      group = { pending: [], running: false };
      this.groups.set(cohort.spec.batchKey, group);
    }
    group.pending.push({ cohort, event });
    if (group.running) return; // taken by the next batch as soon as this one is done
    if (group.pending.length >= this.batchSize(cohort.spec.batchKey)) this.flush(cohort.spec.batchKey, group);
    else if (!group.timer) {
      group.timer = setTimeout(() => this.flush(cohort.spec.batchKey, group), this.options.batchWindowMs);
      group.timer.unref();
    }
  }

  private flush(batchKey: string, group: Group): void {
    clearTimeout(group.timer);
    group.timer = undefined;
    if (group.running) return;
    const batch = group.pending.splice(0, this.batchSize(batchKey));
    if (batch.length === 0) {
      this.groups.delete(batchKey);
      return;
    }
    group.running = true;
    // The delivery continues the trace of the change that caused it (the event's traceparent).
    const traced = batch.find(({ event }) => event.traceparent)?.event;
    // The other changes this one operation delivers are linked, so each trace shows its delivery.
    const links = linksFromTraceparents(batch.map(({ event }) => event).filter((event) => event !== traced && event.traceparent));
    const attributes = { 'messaging.operation.type': 'process', 'messaging.batch.message_count': batch.length, 'marquee.event.type': batch[0]!.event.type ?? 'unknown' };
    void withSpan('subscription deliver', attributes, () => this.resolve(batch, batchKey), { kind: SpanKind.CONSUMER, parent: contextFromTraceparent(traced), links })
      .catch((error: unknown) => this.options.logger.error('subscription batch failed', { error }))
      .finally(() => {
        group.running = false;
        // What arrived meanwhile has waited long enough: the next batch starts at once.
        if (group.pending.length > 0) this.flush(batchKey, group);
        else this.groups.delete(batchKey);
      });
  }

  /** One gateway operation for live events, at most maxConcurrentResolutions at once. */
  private async run(request: Parameters<RunOperation>[0], caller: Caller, scope: LiveScope): Promise<FormattedExecutionResult> {
    if (this.running >= this.options.maxConcurrentResolutions) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running += 1;
    this.resolutions += 1;
    metrics.subscriptionResolutions.inc({ scope });
    try {
      return await this.options.run(request, caller);
    } finally {
      this.running -= 1;
      this.queue.shift()?.();
    }
  }

  /** A caller whose token resolves for the whole scope: anonymous for PUBLIC, else a live member. */
  private *representatives(batch: Pending[]): Generator<Subscriber | null> {
    if (batch[0]!.cohort.spec.scope === 'PUBLIC') {
      yield null;
      return;
    }
    const tried = new Set<Subscriber>();
    for (const { cohort } of batch) {
      for (const member of cohort.members) {
        if (tried.has(member) || !member.usable()) continue;
        tried.add(member);
        yield member;
      }
    }
  }

  /**
   * A batch the operation limits refuse as a whole (the subscribers' selection was checked alone,
   * the batch repeats it per event) is not lost: it is split in halves until each part passes,
   * and the group keeps the smaller size so later batches pass the first time. Events that
   * cannot be resolved across owners are resolved per owner (per cohort).
   */
  private async resolve(batch: Pending[], batchKey: string): Promise<void> {
    const outcome = await this.resolveTogether(batch);
    if (outcome === REFUSED) {
      const half = Math.ceil(batch.length / 2);
      this.rememberBatchSize(batchKey, half);
      await this.resolve(batch.slice(0, half), batchKey);
      await this.resolve(batch.slice(half), batchKey);
      return;
    }
    const perCohort = new Map<Cohort, Pending[]>();
    for (const pending of outcome) perCohort.set(pending.cohort, [...(perCohort.get(pending.cohort) ?? []), pending]);
    await Promise.all([...perCohort.values()].map((part) => this.resolve(part, batchKey)));
  }

  private batchSize(batchKey: string): number {
    return this.batchSizes.get(batchKey) ?? this.options.batchMaxEvents;
  }

  private rememberBatchSize(batchKey: string, size: number): void {
    if (size >= this.batchSize(batchKey)) return;
    this.batchSizes.delete(batchKey);
    this.batchSizes.set(batchKey, size);
    // Oldest first: a Map iterates in insertion order.
    if (this.batchSizes.size > MAX_REMEMBERED_BATCH_SIZES) this.batchSizes.delete(this.batchSizes.keys().next().value!);
  }

  /** One aliased lookup per cohort selection and entity, however many events name it. */
  private query(batch: Pending[]): { query: string; variables: Record<string, unknown>; aliasOf: number[] } {
    const aliases = new Map<string, number>();
    const entries: BatchEntry[] = [];
    const aliasOf = batch.map(({ cohort, event }) => {
      const key = `${cohort.spec.key}\u0000${event.entityId}`;
      let index = aliases.get(key);
      if (index === undefined) {
        index = entries.length;
        aliases.set(key, index);
        entries.push({
          selection: cohort.spec.selection,
          lookup: cohort.spec.field.lookup,
          entityVariableType: cohort.spec.field.entityVariableType,
          entityId: event.entityId,
          variables: cohort.spec.variables,
        });
      }
      return index;
    });
    const { document, variables } = batchQuery(entries);
    return { query: print(document), variables, aliasOf };
  }

  /**
   * Resolves a batch in one gateway operation. Answers REFUSED when the operation itself was
   * refused, else the events still to resolve per owner (none, usually).
   */
  private async resolveTogether(batch: Pending[]): Promise<typeof REFUSED | Pending[]> {
    const first = batch[0]!.cohort;
    if (first.spec.scope === 'USER' && batch.some(({ cohort }) => cohort !== first)) {
      return this.perOwnerShapes.has(first.spec.selection.shape) ? batch : this.resolveAcrossOwners(batch);
    }
    const { query, variables, aliasOf } = this.query(batch);
    let attempts = 0;
    for (const representative of this.representatives(batch)) {
      if (attempts++ >= MAX_REPRESENTATIVE_ATTEMPTS) break;
      const caller: Caller = representative ? representative.caller : { user: null };
      const resolvedFrom = Date.now();
      const result = await this.run({ query, variables }, caller, first.spec.scope);
      if (representative && result.errors?.some((error) => error.extensions?.code === ErrorCode.UNAUTHENTICATED)) {
        // The subgraphs no longer accept this token (revoked): it ends; another member resolves.
        representative.fail(revoked());
        continue;
      }
      if (!result.data && batch.length > 1 && result.errors?.some((error) => REFUSED_AS_A_WHOLE.has(error.extensions?.code))) return REFUSED;
      this.resolvedEvents += deliver(batch, aliasOf, resolvedFrom, result.data ?? null, result.errors ?? []);
      return [];
    }
    return [];
  }

  /**
   * The events of several owners (USER cohorts) in one operation, each root field resolved as a
   * member of its own cohort (ADR 0029), so nobody's lookup runs with anyone else's token. A
   * selection the gateway cannot send as one fetch is resolved per owner from then on; an owner
   * whose token the subgraph refuses ends and their events are resolved with another member's.
   */
  private async resolveAcrossOwners(batch: Pending[]): Promise<typeof REFUSED | Pending[]> {
    const representativeOf = new Map<Cohort, Subscriber>();
    for (const { cohort } of batch) {
      if (representativeOf.has(cohort)) continue;
      const member = [...cohort.members].find((candidate) => candidate.usable() && candidate.caller.authorization);
      if (member) representativeOf.set(cohort, member);
    }
    // A cohort with no usable member has nobody left to deliver to.
    const served = batch.filter(({ cohort }) => representativeOf.has(cohort));
    if (served.length === 0) return [];
    const { query, variables, aliasOf } = this.query(served);
    const authorizations: Record<string, string> = {};
    served.forEach(({ cohort }, position) => (authorizations[`e${aliasOf[position]}`] = representativeOf.get(cohort)!.caller.authorization!));
    const perFieldCallers: PerFieldCallers = { authorizations };
    const resolvedFrom = Date.now();
    const result = await this.run({ query, variables }, { user: null, perFieldCallers }, 'USER');
    if (perFieldCallers.refused) {
      this.rememberPerOwner(batch[0]!.cohort.spec.selection.shape);
      return served;
    }
    if (!result.data && served.length > 1 && result.errors?.some((error) => REFUSED_AS_A_WHOLE.has(error.extensions?.code))) return REFUSED;
    const refusedAliases = new Set(result.errors?.filter((error) => error.extensions?.code === ErrorCode.UNAUTHENTICATED && error.path?.length === 1).map((error) => error.path![0]));
    const retry: Pending[] = [];
    const delivered: Pending[] = [];
    const deliveredAliases: number[] = [];
    served.forEach((pending, position) => {
      if (!refusedAliases.has(`e${aliasOf[position]}`)) {
        delivered.push(pending);
        deliveredAliases.push(aliasOf[position]!);
        return;
      }
      const representative = representativeOf.get(pending.cohort)!;
      if (representative.usable()) representative.fail(revoked());
      retry.push(pending);
    });
    if (delivered.length > 0) this.resolvedEvents += deliver(delivered, deliveredAliases, resolvedFrom, result.data ?? null, result.errors ?? []);
    return retry;
  }

  private rememberPerOwner(shape: string): void {
    this.perOwnerShapes.add(shape);
    if (this.perOwnerShapes.size > MAX_REMEMBERED_BATCH_SIZES) this.perOwnerShapes.delete(this.perOwnerShapes.values().next().value!);
  }
}
