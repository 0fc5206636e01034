import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import { sendGraphQLError, sendJson } from './apollo.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** What `/ready` reports: ready only when every check passes. */
export type ReadinessCheck = () => Promise<Record<string, boolean>>;

export interface HttpServiceOptions {
  name: string;
  logger: Logger;
  /** Exact path → handler; `/health` and `/ready` are added. */
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

  const routes: Record<string, RouteHandler> = {
    '/health': (_req, res) => sendJson(res, 200, { status: 'ok', service: options.name }),
    '/ready': async (_req, res) => {
      const checks = await options.readiness().catch(() => ({ readiness: false }));
      const ready = !shuttingDown && Object.values(checks).every(Boolean);
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
    },
    ...options.routes,
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = routes[path];
    if (!handler) {
      sendJson(res, 404, { error: 'Not found' });
      return;
    }
    if (shuttingDown) res.setHeader('connection', 'close');
    Promise.resolve(handler(req, res)).catch((error: unknown) => {
      logger.error('request failed', { error, path });
      if (!res.headersSent) {
        sendGraphQLError(res, 500, 'INTERNAL_SERVER_ERROR', 'Something went wrong on our side. Please try again.');
      } else {
        res.end();
      }
    });
  });

  return {
    server,
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const bound = (server.address() as AddressInfo).port;
          logger.info('listening', { port: bound });
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
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
      await closed;
      clearTimeout(timer);
    },
  };
}
