import type { ExecutionResult, GraphQLError } from 'graphql';
import type { WebSocket } from 'ws';
import type { Caller } from './types.js';

/** Timers cannot wait longer than this (about 24 days); a longer wait is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Close code for a client whose outgoing buffer is full: it reconnects and reads fresh state. */
export const SLOW_CONSUMER_CLOSE_CODE = 1013;

export interface SubscriberOptions {
  /** The graphql-ws operation id: the `id` of every `next` message. */
  operationId: string;
  socket: WebSocket;
  caller: Caller;
  /** The token's `iat` (unix seconds): revocation ends subscriptions of tokens issued before it. */
  issuedAt?: number;
  maxBufferedBytes: number;
  expired(): GraphQLError;
  /** Called once when the subscription ends for any reason: leave the cohort. */
  onEnd(subscriber: Subscriber): void;
  /** Called when the client is closed for not keeping up. */
  onSlowConsumer?(): void;
}

/**
 * One client's subscription. Its cohort resolves and serializes each event once and hands the
 * JSON to `send`, which writes the graphql-ws `next` frame straight to the socket, so the payload
 * is never serialized per subscriber. graphql-ws sees an iterator that yields nothing and only
 * ends: with an error (token expired or revoked) or when the client leaves (`return()`), at
 * once even while waiting, so no listener is left behind.
 */
export class Subscriber implements AsyncIterableIterator<ExecutionResult> {
  private waiting: { resolve: (value: IteratorResult<ExecutionResult>) => void; reject: (error: unknown) => void } | null = null;
  private ended = false;
  private failure: GraphQLError | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly framePrefix: string;

  constructor(private readonly options: SubscriberOptions) {
    this.framePrefix = `{"id":${JSON.stringify(options.operationId)},"type":"next","payload":`;
    const expiresAt = options.caller.user?.expiresAt;
    if (expiresAt) this.armExpiry(expiresAt);
  }

  get caller(): Caller {
    return this.options.caller;
  }

  get issuedAt(): number | undefined {
    return this.options.issuedAt;
  }

  /** True while its token may still be used for a resolution (one second of margin). */
  usable(now = Date.now()): boolean {
    if (this.ended) return false;
    const expiresAt = this.options.caller.user?.expiresAt;
    return !expiresAt || expiresAt.getTime() - 1_000 > now;
  }

  private armExpiry(expiresAt: Date) {
    const remaining = expiresAt.getTime() - Date.now();
    if (remaining <= 0) {
      this.fail(this.options.expired());
      return;
    }
    this.timer = setTimeout(() => (remaining > MAX_TIMER_MS ? this.armExpiry(expiresAt) : this.fail(this.options.expired())), Math.min(remaining, MAX_TIMER_MS));
    this.timer.unref();
  }

  /**
   * Writes one serialized result. A client that cannot keep up is closed (1013), never fed a
   * stream with holes: it reconnects and starts again from the current state.
   */
  send(payloadJson: string): void {
    if (this.ended) return;
    const { socket } = this.options;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.options.maxBufferedBytes) {
      if (socket.readyState === socket.OPEN) {
        socket.close(SLOW_CONSUMER_CLOSE_CODE, 'Client too slow: outgoing buffer full; reconnect');
        this.options.onSlowConsumer?.();
      }
      return;
    }
    socket.send(this.framePrefix + payloadJson + '}');
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.options.onEnd(this);
  }

  /** Ends the subscription with `error` (graphql-ws sends it as an `error` message). */
  fail(error: GraphQLError): void {
    if (this.ended) return;
    this.failure = error;
    const waiting = this.waiting;
    this.waiting = null;
    this.end();
    if (waiting) {
      this.failure = null;
      waiting.reject(error);
    }
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
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
    this.end();
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
