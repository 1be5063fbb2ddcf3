// A static server for the benchmarks that serves www/ the way deploy/nginx/tines-jira-static.conf
// does (gzip for text and wasm of 1 KiB or more, Cache-Control: no-cache), so that Lighthouse and
// the start-up figures see the bytes a real visitor receives (compressed here with zlib at level 9;
// nginx's default level is 1). Bound to 127.0.0.1: nothing is reachable from outside.

import http from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

// The types deploy/nginx/tines-jira-static.conf serves www/ with.
const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
};
const COMPRESSED_TYPES = /^(text\/|application\/(wasm|json)|image\/svg\+xml)/;
const GZIP_MIN_LENGTH = 1024;

/**
 * Serves rootDir on 127.0.0.1. `headers`: extra response headers (e.g. cross-origin isolation).
 * Returns { origin, requests (every path asked for), close }.
 */
export async function serveLikeDeployment(rootDir, { headers = {} } = {}) {
  const root = path.resolve(rootDir);
  const requests = [];
  const gzipped = new Map(); // file → compressed bytes, computed once per run

  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(urlPath);
    let file = path.join(root, urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath);
    if (!file.startsWith(root + path.sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    let body = readFileSync(file);
    const common = { 'Content-Type': type, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', ...headers };
    if (COMPRESSED_TYPES.test(type) && body.length >= GZIP_MIN_LENGTH && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      if (!gzipped.has(file)) gzipped.set(file, gzipSync(body, { level: 9 }));
      body = gzipped.get(file);
      Object.assign(common, { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' });
    }
    res.writeHead(200, { ...common, 'Content-Length': body.length }).end(req.method === 'HEAD' ? undefined : body);
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => server.close(resolve) && server.closeAllConnections()),
  };
}
