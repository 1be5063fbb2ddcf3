// Serves the Netlify edge function (deploy/netlify/edge-functions/jira-relay.js) with Deno.serve,
// handing it what Netlify's runtime would: the request, and `context.ip`, the address of the
// connection. Used by tests/relay/relays.mjs; PORT names the port.
import relay from '../../deploy/netlify/edge-functions/jira-relay.js';

Deno.serve(
  { hostname: '127.0.0.1', port: Number(Deno.env.get('PORT')), onListen() {} },
  (request, info) => relay(request, { ip: info.remoteAddr.hostname }),
);
