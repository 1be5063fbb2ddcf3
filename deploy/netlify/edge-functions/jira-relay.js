// @ts-check
// The relay as a Netlify Edge Function (Deno): the Fetch-standard handler of deploy/edge/relay.mjs,
// with Netlify's view of the visitor (context.ip, the address Netlify's edge saw, never a header the
// visitor sets). The wasm comes as a module because an edge function's bundle holds only imports.
import wasm from '../../edge/pkg/tines_jira_relay_wasm.js';
import { loadRelay, relay } from '../../edge/relay.mjs';

loadRelay(wasm);

/** @param {Request} request @param {{ ip?: string }} context */
export default (request, context) => relay(request, context.ip);

export const config = { path: '/jira-relay/*' };
