import { readdir, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { IDE_ASSETS_DIR, IDE_BASE_PATH } from './assets.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/**
 * The page allows this origin only (and its WebSocket): whatever a dependency might try to load
 * from elsewhere is refused by the browser, so the IDE works offline by construction.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' ws: wss:",
  "worker-src 'self' blob:",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
].join('; ');

export interface IdeRoutes {
  /** GET /graphql from a browser: the IDE page. */
  page: Handler;
  /** Exact paths under /graphql/ide/ for every built file. */
  assets: Record<string, Handler>;
}

/** A browser navigating to the endpoint (Accept: text/html, no query in the URL) gets the IDE. */
export function wantsIde(req: IncomingMessage): boolean {
  if (req.method !== 'GET') return false;
  const url = new URL(req.url ?? '/', 'http://localhost');
  return !url.searchParams.has('query') && (req.headers.accept ?? '').includes('text/html');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Loads the built IDE into memory once (a few MB) and answers from there. Without a build the page
 * says how to make one instead of failing.
 */
export async function loadIdeRoutes(dir = IDE_ASSETS_DIR): Promise<IdeRoutes> {
  const files = await listFiles(dir).catch(() => [] as string[]);
  const assets: Record<string, Handler> = {};
  let indexHtml: Buffer | undefined;
  for (const file of files) {
    const body = await readFile(file);
    const relative = path.relative(dir, file).split(path.sep).join('/');
    if (relative === 'index.html') {
      indexHtml = body;
      continue;
    }
    const contentType = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    assets[`${IDE_BASE_PATH}/${relative}`] = (_req, res) => {
      // Vite puts a content hash in every asset name, so a name never changes its content.
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'public, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
  }
  const page: Handler = (_req, res) => {
    if (!indexHtml) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The GraphQL IDE has not been built. Run `npm run build` (or `npm start`, which builds it).\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end(indexHtml);
  };
  return { page, assets };
}
