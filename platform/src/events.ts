import { Redis } from 'ioredis';
import { isUuid } from './graphql/loaders.js';
import type { Logger } from './logger.js';

export type EventHandler = (message: string) => void;

/**
 * The pub/sub seam: with REDIS_URL, Redis channels shared by every replica; without, a map of
 * handlers in this process behind the same interface. Messages are strings (JSON by convention);
 * delivery is at most once, in publish order per channel.
 */
export interface EventBus {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the bus is really listening; the returned function stops listening. */
  subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>>;
  /** Handlers registered in this process (on one channel, or on all): what a leak test watches. */
  listenerCount(channel?: string): number;
  /**
   * Calls `handler` each time the bus's connection comes back after being lost (never for the
   * in-process bus). Pub/sub keeps nothing for a subscriber that was away; the outbox relay uses
   * this to publish recent events once more.
   */
  onReconnect?(handler: () => void): () => void;
  close(): Promise<void>;
}

/** Channel → handlers, shared by both implementations. */
class HandlerRegistry {
  readonly channels = new Map<string, Set<EventHandler>>();

  constructor(private readonly logger?: Logger) {}

  add(channel: string, handler: EventHandler): boolean {
    const handlers = this.channels.get(channel);
    if (handlers) {
      handlers.add(handler);
      return false;
    }
    this.channels.set(channel, new Set([handler]));
    return true;
  }

  /** True when the channel has no handlers left. */
  remove(channel: string, handler: EventHandler): boolean {
    const handlers = this.channels.get(channel);
    if (!handlers?.delete(handler)) return false;
    if (handlers.size > 0) return false;
    this.channels.delete(channel);
    return true;
  }

  dispatch(channel: string, message: string): void {
    for (const handler of [...(this.channels.get(channel) ?? [])]) {
      try {
        handler(message);
      } catch (error) {
        // One broken listener must not starve the others.
        this.logger?.error('event handler failed', { channel, error });
      }
    }
  }

  count(channel?: string): number {
    if (channel !== undefined) return this.channels.get(channel)?.size ?? 0;
    let total = 0;
    for (const handlers of this.channels.values()) total += handlers.size;
    return total;
  }
}

export class MemoryEventBus implements EventBus {
  private readonly registry: HandlerRegistry;

  constructor(logger?: Logger) {
    this.registry = new HandlerRegistry(logger);
  }

  async publish(channel: string, message: string): Promise<void> {
    // Delivered on a later tick, as Redis would: a publisher never runs its listeners inline.
    setImmediate(() => this.registry.dispatch(channel, message));
  }

  async subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>> {
    this.registry.add(channel, handler);
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      this.registry.remove(channel, handler);
    };
  }

  listenerCount(channel?: string): number {
    return this.registry.count(channel);
  }

  async close(): Promise<void> {
    this.registry.channels.clear();
  }
}

/**
 * Redis pub/sub. A connection in subscriber mode can do nothing else, so publishing uses a
 * second one. Each channel is SUBSCRIBEd once per process however many handlers listen.
 */
export class RedisEventBus implements EventBus {
  private readonly registry: HandlerRegistry;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  /** The SUBSCRIBE in flight or done per channel, so a second listener waits for the same one. */
  private readonly ready = new Map<string, Promise<unknown>>();
  private readonly reconnectHandlers = new Set<() => void>();

  constructor(
    redisUrl: string,
    private readonly prefix: string,
    logger?: Logger,
  ) {
    this.registry = new HandlerRegistry(logger);
    this.publisher = new Redis(redisUrl, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
    // No ready check: after a reconnect ioredis would send INFO on a connection it still thinks is in
    // subscriber mode, fail with "only subscriber commands may be used" and drop every channel.
    this.subscriber = new Redis(redisUrl, { maxRetriesPerRequest: 3, enableReadyCheck: false });
    this.subscriber.on('error', (error: Error) => logger?.warn('event bus subscriber connection error', { error: error.message }));
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel.startsWith(this.prefix)) this.registry.dispatch(channel.slice(this.prefix.length), message);
    });
    let connectedBefore = false;
    this.publisher.on('ready', () => {
      if (connectedBefore) for (const handler of [...this.reconnectHandlers]) handler();
      connectedBefore = true;
    });
  }

  onReconnect(handler: () => void): () => void {
    this.reconnectHandlers.add(handler);
    return () => void this.reconnectHandlers.delete(handler);
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.publisher.publish(this.prefix + channel, message);
  }

  async subscribe(channel: string, handler: EventHandler): Promise<() => Promise<void>> {
    if (this.registry.add(channel, handler)) this.ready.set(channel, this.subscriber.subscribe(this.prefix + channel));
    try {
      await this.ready.get(channel);
    } catch (error) {
      if (this.registry.remove(channel, handler)) this.ready.delete(channel);
      throw error;
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      if (this.registry.remove(channel, handler)) {
        this.ready.delete(channel);
        await this.subscriber.unsubscribe(this.prefix + channel);
      }
    };
  }

  listenerCount(channel?: string): number {
    return this.registry.count(channel);
  }

  async close(): Promise<void> {
    this.registry.channels.clear();
    this.ready.clear();
    this.reconnectHandlers.clear();
    await Promise.all([this.publisher.quit(), this.subscriber.quit()]);
  }
}

export function createEventBus(options: { redisUrl?: string; keyPrefix: string; logger?: Logger }): EventBus {
  return options.redisUrl
    ? new RedisEventBus(options.redisUrl, options.keyPrefix, options.logger)
    : new MemoryEventBus(options.logger);
}

/**
 * The order events the food subgraph publishes and the router's subscriptions listen to: one
 * message per change, on the order's channel, its owner's and its restaurant's.
 */
export interface OrderEvent {
  orderId: string;
  userId: string;
  restaurantId: string;
  status: string;
  kind: 'PLACED' | 'STATUS_CHANGED';
}

export const orderChannels = {
  order: (orderId: string) => `food:order:${orderId}`,
  user: (userId: string) => `food:user:${userId}:orders`,
  restaurant: (restaurantId: string) => `food:restaurant:${restaurantId}:orders`,
};

export const channelsOfOrderEvent = (event: OrderEvent): string[] => [
  orderChannels.order(event.orderId),
  orderChannels.user(event.userId),
  orderChannels.restaurant(event.restaurantId),
];

/**
 * Catalog's product events: written with the delete in catalog's outbox and published once it
 * commits (an envelope whose `data` is this); inventory listens so stock of a product that no
 * longer exists stops appearing (lowStock, inStock).
 */
export interface ProductDeletedEvent {
  productId: string;
  deletedAt: string;
}

export const catalogChannels = {
  productDeleted: 'catalog.product-deleted',
};

/**
 * The event when the message is one (a well-formed product id), as an outbox envelope or bare,
 * otherwise null: a listener never trusts the wire.
 */
export function parseProductDeletedEvent(message: string): ProductDeletedEvent | null {
  try {
    const parsed = JSON.parse(message) as { data?: unknown } | null;
    const value = (parsed && typeof parsed.data === 'object' ? parsed.data : parsed) as Partial<ProductDeletedEvent> | null;
    if (typeof value?.productId !== 'string' || !isUuid(value.productId)) return null;
    return { productId: value.productId, deletedAt: typeof value.deletedAt === 'string' ? value.deletedAt : new Date().toISOString() };
  } catch {
    return null;
  }
}
