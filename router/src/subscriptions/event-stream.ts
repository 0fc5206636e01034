import type { ExecutionResult } from 'graphql';
import type { GraphQLError } from 'graphql';

/**
 * Results kept for a client that reads slower than events arrive. Each result is a fresh read of
 * the order, so dropping the oldest loses only intermediate states, never the latest one.
 */
const MAX_BUFFERED = 50;

/** Timers cannot wait longer than this (about 24 days); a longer wait is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface EventStreamOptions {
  /** Resolves one event into the result to send; null skips it (the caller may not see it). */
  resolve(message: string): Promise<ExecutionResult | null>;
  /** When the caller's token expires: the stream then fails with `expired()`. */
  expiresAt: Date;
  expired(): GraphQLError;
  /** Called once when the stream ends for any reason: stop listening. */
  onEnd(): Promise<void>;
}

/**
 * The results of one subscription, as graphql-ws consumes them. Events are resolved one at a
 * time in arrival order, so a client sees one order's changes in the order they happened.
 * A hand-written iterator (not an async generator) so that `return()` ends it at once, even while
 * it waits for the next event: a client that leaves must not leave a listener behind.
 */
export class EventStream implements AsyncIterableIterator<ExecutionResult> {
  private readonly ready: ExecutionResult[] = [];
  private waiting: { resolve: (value: IteratorResult<ExecutionResult>) => void; reject: (error: unknown) => void } | null = null;
  private ended = false;
  private failure: GraphQLError | null = null;
  private resolving: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: EventStreamOptions) {
    this.armExpiry();
  }

  private armExpiry() {
    const remaining = this.options.expiresAt.getTime() - Date.now();
    if (remaining <= 0) {
      void this.fail(this.options.expired());
      return;
    }
    this.timer = setTimeout(() => (remaining > MAX_TIMER_MS ? this.armExpiry() : void this.fail(this.options.expired())), Math.min(remaining, MAX_TIMER_MS));
  }

  /** Queues an event from the bus; resolution waits for the events before it. */
  push(message: string): void {
    if (this.ended) return;
    this.resolving = this.resolving.then(async () => {
      if (this.ended) return;
      if (Date.now() >= this.options.expiresAt.getTime()) return this.fail(this.options.expired());
      const result = await this.options.resolve(message).catch(() => null);
      if (result && !this.ended) this.deliver(result);
    });
  }

  private deliver(result: ExecutionResult) {
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: result, done: false });
    } else {
      this.ready.push(result);
      if (this.ready.length > MAX_BUFFERED) this.ready.shift();
    }
  }

  private async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.ready.length = 0;
    await this.options.onEnd();
  }

  private async fail(error: GraphQLError): Promise<void> {
    if (this.ended) return;
    this.failure = error;
    const waiting = this.waiting;
    this.waiting = null;
    await this.end();
    waiting?.reject(error);
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const value = this.ready.shift();
    if (value) return Promise.resolve({ value, done: false });
    if (this.failure) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    const waiting = this.waiting;
    this.waiting = null;
    await this.end();
    waiting?.resolve({ value: undefined, done: true });
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
