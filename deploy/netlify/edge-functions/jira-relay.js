// @ts-check
// The relay as a Netlify Edge Function (Deno): the Fetch-standard handler of deploy/edge/relay.mjs,
// with Netlify's view of the visitor (context.ip, the address Netlify's edge saw, never a header the
// visitor sets). The wasm comes as a module because an edge function's bundle holds only imports.
import wasm from '../../edge/pkg/tines_jira_relay_wasm.js';
import { loadRelay, relay } from '../../edge/relay.mjs';

loadRelay(wasm);

/** The one Jira Data Center base relayed too: the site's JIRA_DC_BASE_URL environment variable
 * (Netlify.env in an edge function; Deno.env where Deno serves it). Unset, or not readable: none. */
const dataCenter = (() => {
  try {
    // @ts-ignore: Netlify and Deno are the runtime's globals.
    return globalThis.Netlify?.env?.get('JIRA_DC_BASE_URL') ?? globalThis.Deno?.env?.get('JIRA_DC_BASE_URL');
  } catch {
    return undefined;
  }
})();

/** @param {Request} request @param {{ ip?: string }} context */
export default (request, context) => relay(request, context.ip, { dataCenter });

// Netlify's own rate limiting, on top of the relay's cap (which holds per edge-function instance):
// 20 requests (5 checks) per visitor address in any 60 s, a sliding window, on plans that include
// it. Netlify reads this object without running the file, so the numbers are written out here:
// src/relay/rate.rs's PLATFORM_WINDOW_LIMIT and PLATFORM_WINDOW_S, held here by
// tests/relay_numbers.rs.
export const config = {
  path: '/jira-relay/*',
  rateLimit: { windowLimit: 20, windowSize: 60, aggregateBy: ['ip', 'domain'] },
};
