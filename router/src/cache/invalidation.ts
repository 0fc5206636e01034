import { ENTITY_CHANGES_CHANNEL, parseEntityChange, type EventBus, type Logger } from '@marquee/platform';
import type { CacheStore } from './store.js';

/** The tag every entry carries: invalidating it drops everything (the bus was away: events may be lost). */
export const ALL = '*';
/** How often a failed invalidation is tried again while the store is unreachable. */
const RETRY_MS = 1_000;

/**
 * Drops cached entries when the data under them changes, from two sources: the types a subgraph
 * says a request changed (CHANGED_TYPES_HEADER, awaited before the client has its answer) and
 * `entity.changed` events on the bus (every replica, whoever made the change). While an
 * invalidation could not be applied, the caches are not read (`reliable` is false) and it is
 * retried every second until the store takes it.
 */
export class CacheInvalidation {
  private readonly pending = new Set<string>();
  private retryTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => Promise<void>) | undefined;
  private stopReconnects: (() => void) | undefined;

  constructor(
    private readonly store: CacheStore,
    private readonly events: EventBus,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.events.subscribe(ENTITY_CHANGES_CHANNEL, (message) => {
      const change = parseEntityChange(message);
      if (change) void this.invalidate([change.typename]);
    });
    // Pub/sub keeps nothing for a listener that was away: what changed meanwhile is unknown.
    this.stopReconnects = this.events.onReconnect?.(() => void this.invalidate([ALL]));
  }

  /** False while an invalidation waits to be applied: reading the caches could then serve stale data. */
  get reliable(): boolean {
    return this.pending.size === 0;
  }

  /** Resolves once the store took it (or, failing that, once it is queued and the caches bypassed). */
  async invalidate(types: readonly string[]): Promise<void> {
    if (types.length === 0) return;
    try {
      await this.store.invalidate(types);
    } catch (error) {
      for (const type of types) this.pending.add(type);
      this.logger.warn('cache invalidation failed: caches are bypassed until it is applied', {
        types,
        reason: error instanceof Error ? error.message : String(error),
      });
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      const types = [...this.pending];
      this.store.invalidate(types).then(
        () => {
          for (const type of types) this.pending.delete(type);
          this.logger.info('cache invalidation applied after a failure', { types });
        },
        () => this.scheduleRetry(),
      );
    }, RETRY_MS);
    this.retryTimer.unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.retryTimer);
    this.stopReconnects?.();
    await this.unsubscribe?.();
  }
}
