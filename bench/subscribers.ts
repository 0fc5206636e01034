import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface OrderEvent {
  id: string;
  status: string;
}

const key = (orderId: string, status: string) => `${orderId}:${status}`;

/**
 * N order screens: one graphql-ws connection each (as N browsers would have), all subscribed to
 * one restaurant's order updates. Every event's arrival time (performance.now()) is kept per
 * (order, status), so an event that overtakes the mutation's own answer is not lost.
 */
export class SubscriberPool {
  private readonly clients: Client[] = [];
  private readonly arrivals = new Map<string, number[]>();
  private readonly waiters = new Map<string, () => void>();
  errors = 0;

  constructor(
    private readonly routerUrl: string,
    private readonly token: string,
  ) {}

  open(count: number, query: string, variables: Record<string, unknown>, field: string): void {
    for (let i = 0; i < count; i += 1) {
      const client = createClient({
        url: this.routerUrl.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${this.token}` },
        retryAttempts: 0,
        lazy: true,
      });
      this.clients.push(client);
      client.subscribe<Record<string, OrderEvent>>(
        { query, variables },
        {
          next: (result) => this.received(result.data?.[field], result.errors !== undefined),
          error: () => (this.errors += 1),
          complete: () => {},
        },
      );
    }
  }

  private received(event: OrderEvent | undefined, failed: boolean): void {
    const now = performance.now();
    if (failed || !event) {
      this.errors += 1;
      return;
    }
    const eventKey = key(event.id, event.status);
    const times = this.arrivals.get(eventKey) ?? [];
    times.push(now);
    this.arrivals.set(eventKey, times);
    if (times.length === this.clients.length) this.waiters.get(eventKey)?.();
  }

  /** The arrival times of that change on every screen, or on those that saw it within `timeoutMs`. */
  async arrivalsOf(orderId: string, status: string, timeoutMs = 30_000): Promise<number[]> {
    const eventKey = key(orderId, status);
    if ((this.arrivals.get(eventKey)?.length ?? 0) < this.clients.length) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.waiters.set(eventKey, resolve);
        timer = setTimeout(resolve, timeoutMs);
      });
      clearTimeout(timer);
      this.waiters.delete(eventKey);
    }
    return [...(this.arrivals.get(eventKey) ?? [])];
  }

  get size(): number {
    return this.clients.length;
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((client) => client.dispose()));
    this.clients.length = 0;
  }
}
