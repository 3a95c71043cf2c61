// Serves the built renderer (out/renderer) read-only: known file types, no paths outside the folder,
// index.html for any other page path (the renderer routes itself), and a plain page saying how to
// build it when it is not built.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Meerkat</title>
<p>The console's web page is not built yet. Run <code>npm run build</code> in the Meerkat folder, then reload.</p>`;

export function contentType(file: string): string {
  return TYPES[extname(file)] ?? 'application/octet-stream';
}

/** The file a URL path maps to inside root, or undefined when it would leave root or does not exist. */
export function resolveAsset(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = resolve(root);
  const path = resolve(base, normalize(`.${sep}${decoded}`));
  if (path !== base && !path.startsWith(base + sep)) return undefined;
  try {
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

export function serveStatic(root: string, pathname: string, res: ServerResponse, headers: Record<string, string>): void {
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(503, { ...headers, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(NOT_BUILT_PAGE);
    return;
  }
  let file = resolveAsset(root, pathname);
  // Paths with a file extension are assets: a missing one is a 404, not the app page.
  if (file === undefined && extname(pathname) !== '') {
    res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found');
    return;
  }
  file ??= index;
  const type = contentType(file);
  // Vite names assets by content hash, so they can be cached; the page itself must not be.
  const cache = file === index ? 'no-store' : 'public, max-age=31536000, immutable';
  res.writeHead(200, { ...headers, 'content-type': type, 'cache-control': cache });
  createReadStream(file).pipe(res);
}
