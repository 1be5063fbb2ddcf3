// @ts-check
// The same-origin relay as a Fetch-standard handler (Request in, Response out), for edge runtimes:
// Cloudflare Workers (deploy/cloudflare/) and Deno-based edges such as Netlify's (deploy/netlify/).
//
// It only moves bytes. Every decision is the crate's (src/relay/, compiled by `npm run build` into
// ./pkg/): which requests go to Atlassian and with which headers, what is refused and how, the rate
// cap, and which of Atlassian's headers come back. This file sends what the decision says with
// `fetch`, under a time limit and a size limit, and builds the Response. It logs nothing: the token
// is in the Authorization header, and a refused request's target is whatever the client sent.

import {
  initSync,
  decideRequest,
  answerHeaders,
  failureAnswer,
  maxAnswerBytes,
  platformLimitedAnswer,
  upstreamTimeoutMs,
} from './pkg/tines_jira_relay.js';

/** The path the relay answers under; the element's `relay` attribute names the same. */
export const PREFIX = '/jira-relay';

/**
 * True when the request is the relay's to answer (the prefix and a slash, or the bare prefix).
 * @param {Request} request
 */
export function isRelayRequest(request, prefix = PREFIX) {
  const { pathname } = new URL(request.url);
  return pathname === prefix || pathname.startsWith(`${prefix}/`);
}

/**
 * Loads the relay's decisions, once per isolate: `wasm` is a WebAssembly.Module (Workers import the
 * .wasm file as one) or its bytes (./pkg/tines_jira_relay_wasm.js).
 * @param {WebAssembly.Module | Uint8Array} wasm
 */
export function loadRelay(wasm) {
  initSync({ module: wasm });
}

/** @typedef {{ status: number, headers: [string, string][], body: string }} Answer */

/** @param {Answer} answer */
const respond = ({ status, headers, body }) => new Response(body, { status, headers });
/** @param {'timeout' | 'too-large' | 'unreachable'} kind */
const failure = (kind) => respond(JSON.parse(failureAnswer(kind)));

/**
 * The relay's own 429, for a platform rate limiter that said no (Cloudflare's binding), with the
 * `Retry-After` of the platform's window (src/relay/rate.rs, PLATFORM_WINDOW_S).
 */
export const platformLimited = () => respond(JSON.parse(platformLimitedAnswer()));

/**
 * Answers one request under the prefix. `client` is the visitor's address as the platform reports
 * it (Cloudflare's CF-Connecting-IP, Netlify's context.ip, Deno's remoteAddr), never a header the
 * visitor sets. `limit(client)`, when given, is the platform's own rate limiter: it runs after the
 * relay's, only for requests the relay would forward.
 * @param {Request} request
 * @param {string | null | undefined} client
 * `dataCenter` is the one Jira Data Center base URL the relay is deployed for (the platform's
 * JIRA_DC_BASE_URL setting), such as "https://jira.acme.com/jira"; without it, Jira Cloud only.
 * @param {{ prefix?: string, timeoutMs?: number, limit?: (client: string) => Promise<boolean>, dataCenter?: string }} [options]
 * @returns {Promise<Response>}
 */
export async function relay(request, client, { prefix = PREFIX, timeoutMs = upstreamTimeoutMs(), limit, dataCenter } = {}) {
  /** @type {{ refuse?: Answer, forward: { url: string, headers: [string, string][], deployment: 'cloud' | 'data-center' } }} */
  const decision = JSON.parse(
    decideRequest(
      request.method,
      request.url,
      JSON.stringify([...request.headers]),
      prefix,
      String(client ?? ''),
      Date.now(),
      dataCenter ?? undefined,
    ),
  );
  if (decision.refuse) return respond(decision.refuse);
  if (limit && !(await limit(String(client ?? '')))) return platformLimited();

  const { url, headers, deployment } = decision.forward;
  // One time limit for the connection, the headers and the whole body; never a retry (each retry
  // would be one more sign-in counted towards Jira's CAPTCHA lock). No redirect is followed:
  // `manual` hands back the 3xx itself, and its Location is not among the headers passed back.
  // Server-side fetch has no cookie jar, so there are no credentials to leave out.
  const signal = AbortSignal.timeout(timeoutMs);
  let upstream;
  let body;
  try {
    upstream = await fetch(url, { method: 'GET', headers, redirect: 'manual', signal });
    body = await readAtMost(upstream.body, maxAnswerBytes());
  } catch {
    return failure(signal.aborted ? 'timeout' : 'unreachable');
  }
  if (body === null) return failure('too-large');
  const nullBody = [204, 205, 304].includes(upstream.status);
  return new Response(nullBody ? null : body, {
    status: upstream.status,
    headers: JSON.parse(answerHeaders(JSON.stringify([...upstream.headers]), deployment)),
  });
}

/**
 * The body's bytes, or null once it passes `limit` (the rest is not read).
 * @param {ReadableStream<Uint8Array> | null} stream
 * @param {number} limit
 */
async function readAtMost(stream, limit) {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
