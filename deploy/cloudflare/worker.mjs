// The relay on Cloudflare Workers: the Fetch-standard handler of deploy/edge/relay.mjs, with
// Cloudflare's view of the visitor (CF-Connecting-IP, which Cloudflare's edge sets and a visitor
// cannot) and its rate-limiting binding. The page's files are static assets (wrangler.toml).
import wasm from '../edge/pkg/tines_jira_relay_bg.wasm';
import { isRelayRequest, loadRelay, relay } from '../edge/relay.mjs';

loadRelay(wasm);

export default {
  async fetch(request, env) {
    // run_worker_first sends only /jira-relay/* here; anything else is a file of www/.
    if (!isRelayRequest(request)) return env.ASSETS.fetch(request);
    const limiter = env.JIRA_RELAY_RATE_LIMIT;
    const limit = limiter ? async (key) => (await limiter.limit({ key })).success : undefined;
    // JIRA_DC_BASE_URL (a var in wrangler.toml): the one Jira Data Center base relayed too.
    const dataCenter = env.JIRA_DC_BASE_URL || undefined;
    return relay(request, request.headers.get('CF-Connecting-IP'), { limit, dataCenter });
  },
};
