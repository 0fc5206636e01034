/**
 * The web app (web/) for `npm start` and the browser tests: built with Vite when a clean clone has
 * no build yet, then served as static files with /config.json telling the app where the router is.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../web/', import.meta.url));
export const WEB_DIST = path.join(WEB_DIR, 'dist');

/** Builds web/dist unless it is there already (`npm run build` makes it too). */
export async function ensureWebApp(): Promise<void> {
  if (existsSync(path.join(WEB_DIST, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_DIR, 'vite.config.ts'), root: WEB_DIR, logLevel: 'error' });
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface WebServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/**
 * Serves web/dist on `port` (0: any free port). Paths that are not files get index.html, so deep
 * links (/showings/…) work; /config.json points the app at `graphqlUrl`.
 */
export async function startWebServer(options: { port: number; host?: string; graphqlUrl: string }): Promise<WebServer> {
  const config = JSON.stringify({ graphqlUrl: options.graphqlUrl });
  const index = await readFile(path.join(WEB_DIST, 'index.html'));
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    if (pathname === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(config);
      return;
    }
    const file = path.join(WEB_DIST, path.normalize(pathname));
    const inside = file.startsWith(WEB_DIST + path.sep);
    const extension = path.extname(file);
    if (!inside || !extension) {
      res.writeHead(200, { 'content-type': CONTENT_TYPES['.html'], 'cache-control': 'no-cache' });
      res.end(index);
      return;
    }
    readFile(file).then(
      (body) => {
        const hashed = pathname.startsWith('/assets/');
        res.writeHead(200, {
          'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
          'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
          'x-content-type-options': 'nosniff',
        });
        res.end(body);
      },
      () => {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('Not found\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  return {
    url: `http://localhost:${(server.address() as AddressInfo).port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
