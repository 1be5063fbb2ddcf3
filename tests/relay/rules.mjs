// The relay's rate cap as the relay's own module says it: src/relay/rate.rs, compiled into
// deploy/edge/pkg/ by `npm run build`. The one place the JavaScript tests take its numbers from, so
// none writes them out (tests/relay_numbers.rs holds every deploy file to the same constants).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PKG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy/edge/pkg');
const WASM = path.join(PKG, 'tines_jira_relay_bg.wasm');

async function load() {
  if (!fs.existsSync(WASM)) return null;
  const glue = await import(pathToFileURL(path.join(PKG, 'tines_jira_relay.js')).href);
  glue.initSync({ module: fs.readFileSync(WASM) });
  return Object.freeze({
    /** Requests admitted at once from one address. */
    burst: glue.capBurst(),
    /** One more request is admitted every this many seconds... */
    intervalS: glue.capIntervalS(),
    /** ...and milliseconds. */
    intervalMs: glue.capIntervalS() * 1000,
    /** The longest Retry-After of the relay's own 429. */
    retryAfterS: glue.capRetryAfterS(),
    /** The most requests one check makes. */
    requestsPerCheck: glue.requestsPerCheck(),
    /** The platforms' own limiters (Cloudflare's binding, Netlify's rateLimit): per window... */
    platformWindowS: glue.platformWindowS(),
    /** ...this many requests per address. */
    platformWindowLimit: glue.platformWindowLimit(),
  });
}

const loaded = await load();

/** The cap's numbers; throws when the relay's module is not built. */
export function relayCap() {
  if (!loaded) throw new Error(`${WASM} is missing: run \`npm run build\` first`);
  return loaded;
}
