import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import type { Logger } from '../logger.js';
import { circuitStates } from '../resilience/policy.js';
import { metrics, serveMetrics } from '../telemetry/metrics.js';
import { runInRequestScope } from '../telemetry/request-scope.js';
import { traceIncomingRequest } from '../telemetry/tracing.js';
import { sendGraphQLError, sendJson } from './apollo.js';
import { requestIdOf } from './request.js';

/** While draining, how often connections left idle are closed. */
const IDLE_CLOSE_INTERVAL_MS = 1_000;
/**
 * Closing an idle keep-alive connection races a request the client may be sending on it (that
 * request is reset). Every answer advertises `keep-alive: timeout=N`, and clients that honour it
 * (undici closes at N − 2 s, browsers retry a reused connection) have closed theirs before we do:
 * so while draining, a connection is closed for idleness only after N plus this margin.
 */
const IDLE_MARGIN_MS = 1_000;

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/**
 * What `/ready` reports: ready while no check is false. 'degraded' marks a dependency the service
 * works without, less well (Redis: limits count per process); it is named in the body, still 200.
 */
export type ReadinessCheck = () => Promise<Record<string, boolean | 'degraded'>>;

export interface HttpServiceOptions {
  name: string;
  logger: Logger;
  /** Exact path → handler; `/health`, `/ready` and `/metrics` are added. */
  routes: Record<string, RouteHandler>;
  readiness: ReadinessCheck;
  /** How long shutdown waits for in-flight requests before cutting connections. */
  drainTimeoutMs?: number;
}

export interface HttpService {
  server: Server;
  /** Resolves with the bound port (pass 0 for any free port). */
  listen(port: number, host?: string): Promise<number>;
  url(): string;
  /** Stops accepting, lets in-flight requests finish, then closes what is left. */
  close(): Promise<void>;
}

export function createHttpService(options: HttpServiceOptions): HttpService {
  const { logger } = options;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  let shuttingDown = false;
  const inFlight = new Set<ServerResponse>();
  /** Open connections: requests in flight on each, and when one last started or ended. */
  const connections = new Map<Socket, { busy: number; at: number }>();
  const closeLongIdleConnections = () => {
    const now = Date.now();
    const graceMs = server.keepAliveTimeout + IDLE_MARGIN_MS;
    for (const [socket, use] of connections) if (use.busy === 0 && now - use.at >= graceMs) socket.destroy();
  };

  const routes: Record<string, RouteHandler> = {
    '/health': (_req, res) => sendJson(res, 200, { status: 'ok', service: options.name }),
    '/ready': async (_req, res) => {
      const checks = await options.readiness().catch(() => ({ readiness: false }));
      const values = Object.values(checks);
      const ready = !shuttingDown && values.every((value) => value !== false);
      const status = !ready ? 'not ready' : values.includes('degraded') ? 'degraded' : 'ready';
      // Breakers of this service's dependencies: shown, not failing readiness (its other work still succeeds).
      const circuits = circuitStates(options.name);
      sendJson(res, ready ? 200 : 503, { status, checks, ...(Object.keys(circuits).length > 0 ? { circuits } : {}) });
    },
    '/metrics': serveMetrics,
    ...options.routes,
  };

  const server = createServer((req, res) => {
    // No answer of ours is meant to be sniffed into HTML or script by a browser.
    res.setHeader('x-content-type-options', 'nosniff');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = routes[path];
    // Known routes only: a label per unknown path would let clients grow the series without bound.
    res.once('finish', () => metrics.httpResponses.inc({ service: options.name, route: handler ? path : '(unmatched)', status: String(res.statusCode) }));
    if (!handler) {
      sendJson(res, 404, { error: 'Not found' });
      return;
    }
    // Draining: this answer closes its connection, so the client's next request opens a new one
    // (refused: it goes to another replica) instead of racing the close of an idle one.
    if (shuttingDown) res.setHeader('connection', 'close');
    inFlight.add(res);
    const use = connections.get(req.socket);
    if (use) {
      use.busy += 1;
      use.at = Date.now();
    }
    res.once('close', () => {
      inFlight.delete(res);
      if (use) {
        use.busy -= 1;
        use.at = Date.now();
      }
    });
    // Every log line written for this request carries its id, however deep the call.
    runInRequestScope({ requestId: requestIdOf(req) }, () =>
      traceIncomingRequest(options.name, req, res, path, () => Promise.resolve(handler(req, res))),
    ).catch((error: unknown) => {
      logger.error('request failed', { error, path });
      if (!res.headersSent) {
        sendGraphQLError(res, 500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on our side. Please try again.');
      } else {
        res.end();
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    connections.set(socket, { busy: 0, at: Date.now() });
    socket.once('close', () => connections.delete(socket));
  });
  // A WebSocket is no HTTP connection any more: its owner closes it (1001) when draining. A service
  // without WebSockets (no other listener) refuses the upgrade as Node would.
  server.on('upgrade', (_req: IncomingMessage, socket: Socket) => {
    connections.delete(socket);
    if (server.listenerCount('upgrade') === 1) socket.destroy();
  });

  return {
    server,
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const { port: bound, address } = server.address() as AddressInfo;
          logger.info('listening', { port: bound, address });
          resolve(bound);
        });
      });
    },
    url() {
      return `http://localhost:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      if (shuttingDown) return;
      shuttingDown = true;
      // Stop accepting connections. (http.Server#close would also cut idle keep-alive connections
      // at once, resetting a request a client is sending on one at that moment.)
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      // Answers still to be written close their connection after them.
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      // Idle keep-alive connections: a client busy on one gets its next answer with
      // `connection: close` meanwhile; what stays idle past the advertised timeout is closed.
      const idle = setInterval(closeLongIdleConnections, Math.min(IDLE_CLOSE_INTERVAL_MS, drainTimeoutMs));
      const cutOff = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
      await closed;
      clearInterval(idle);
      clearTimeout(cutOff);
    },
  };
}
