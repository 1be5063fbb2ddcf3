// The edge relays (deploy/cloudflare/, deploy/netlify/), beyond the cases every relay shares
// (cases.test.mjs): the page and the relay on one origin in workerd, end to end in Chromium; the
// deploy files checked offline the way their platforms read them; and the two builds of the crate
// kept apart (the page's module has no relay code, the relay's none of the page's API).
//
//   node --test tests/relay/edge.test.mjs     (after `npm run build`)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { JANE, CLOUD_ID } from '../e2e/fake-jira.mjs';
import { launchBrowser, newContext } from '../e2e/harness.mjs';
import { ROOT, WWW, DENO, PREFIX, MYSELF, RELAY_WASM, startUpstreams, startWorkerd, withRelayPage, checkInPage } from './relays.mjs';
import { PAGE_SCENARIOS, assertPageScenario, basic } from './cases.mjs';
import { relayCap } from './rules.mjs';

const PAGE_WASM = path.join(WWW, 'pkg', 'tines_jira_credential_bg.wasm');
const LIVE_WASM = path.join(WWW, 'pkg', 'tines_jira_credential_live_bg.wasm');
// The relay's module, gzip -9, as `npm run build` makes it: measured 36,313 bytes, with 2 % to
// spare (its history is in CHANGELOG.md). It is downloaded once per isolate by the platform, never by
// a reader of the page.
const RELAY_WASM_GZIP_BUDGET = 37_000;

let tmp;
let upstreams;
let workerd;
let browser;
let context;

before(async () => {
  assert.ok(fs.existsSync(RELAY_WASM) && fs.existsSync(PAGE_WASM), 'run `npm run build` first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-edge-'));
  upstreams = await startUpstreams();
  workerd = await startWorkerd({ upstreams, www: withRelayPage(tmp) });
});

after(async () => {
  await context?.close().catch(() => {});
  await browser?.close().catch(() => {});
  await workerd?.stop();
  await upstreams?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the page and its relay on one origin, served by workerd, in Chromium', () => {
  before(async () => {
    browser = await launchBrowser({ fakePort: upstreams.fake.port });
    context = await newContext(browser);
  });

  test("the scenarios every relay runs fit in the relay's burst (one browser is one visitor)", () => {
    const asked = PAGE_SCENARIOS.filter((x) => !x.notOnEveryRelay).reduce((n, x) => n + x.asked.length, 0);
    assert.ok(asked <= relayCap().burst, `${asked} questions > ${relayCap().burst}`);
  });

  for (const s of PAGE_SCENARIOS.filter((x) => !x.notOnEveryRelay)) {
    test(s.name, async () => {
      upstreams.fake.clear();
      const run = await checkInPage(context, `${workerd.origin}/relay.html`, s);
      assertPageScenario(s, run, { origin: workerd.origin, fake: upstreams.fake });
    });
  }

  test('the page itself comes from the static assets, with the wasm as application/wasm', async () => {
    const page = await context.newPage();
    const types = new Map();
    page.on('response', (r) => types.set(new URL(r.url()).pathname, r.headers()['content-type']));
    await page.goto(`${workerd.origin}/relay.html`);
    await page.locator('tines-jira-credential .tjc:not([hidden])').waitFor();
    // Cloudflare's assets drop .html by default (html_handling "auto-trailing-slash": a redirect
    // to /relay), which changes no relative URL of the page.
    const shown = new URL(page.url()).pathname;
    await page.close();
    assert.equal(types.get('/pkg/tines_jira_credential_bg.wasm'), 'application/wasm');
    assert.match(types.get(shown) ?? '', /^text\/html/, `${shown}: ${[...types.keys()]}`);
  });
});

describe('the deploy files, checked offline as their platforms read them', () => {
  test('deploy/cloudflare: wrangler deploy --dry-run bundles the Worker with its wasm, the assets and the rate-limit binding', () => {
    const out = path.join(tmp, 'wrangler-out');
    const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', out], {
      cwd: path.join(ROOT, 'deploy', 'cloudflare'),
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', HOME: tmp, XDG_CONFIG_HOME: path.join(tmp, 'config') },
      timeout: 120_000,
    });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    // The binding as wrangler reads it: the platform window of src/relay/rate.rs (tests/relay_numbers.rs
    // holds the file to it; this is what wrangler makes of the file).
    const { platformWindowLimit, platformWindowS } = relayCap();
    assert.ok(run.stdout.includes(`env.JIRA_RELAY_RATE_LIMIT (${platformWindowLimit} requests/${platformWindowS}s)`), run.stdout);
    assert.match(run.stdout, /env\.ASSETS/);
    assert.match(run.stdout, /Read \d+ files from the assets directory/);
    const files = fs.readdirSync(out);
    const wasm = files.find((f) => f.endsWith('tines_jira_relay_bg.wasm'));
    assert.ok(wasm, `no wasm in the bundle: ${files}`);
    assert.deepEqual(fs.readFileSync(path.join(out, wasm)), fs.readFileSync(RELAY_WASM), 'the bundle carries the built relay module');
    const worker = fs.readFileSync(path.join(out, 'worker.js'), 'utf8');
    assert.match(worker, /decideRequest/);
  });

  test('deploy/netlify: deno check types the edge function and the handler', () => {
    const run = spawnSync(DENO, ['check', 'deploy/netlify/edge-functions/jira-relay.js', 'deploy/edge/relay.mjs', 'tests/relay/deno-serve.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: tmp, DENO_DIR: path.join(tmp, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr);
    // The files opt into type checking, so deno check reads their JSDoc types, not only imports.
    for (const f of ['deploy/netlify/edge-functions/jira-relay.js', 'deploy/edge/relay.mjs']) {
      assert.match(fs.readFileSync(path.join(ROOT, f), 'utf8'), /^\/\/ @ts-check$/m, f);
    }
  });

  test('deploy/netlify: the edge function answers only under /jira-relay/, and publishes www/', () => {
    const fn = fs.readFileSync(path.join(ROOT, 'deploy', 'netlify', 'edge-functions', 'jira-relay.js'), 'utf8');
    const { platformWindowLimit, platformWindowS } = relayCap();
    assert.ok(
      fn.includes(`export const config = {\n  path: '/jira-relay/*',\n  rateLimit: { windowLimit: ${platformWindowLimit}, windowSize: ${platformWindowS}, aggregateBy: ['ip', 'domain'] },\n};`),
      fn,
    );
    const toml = fs.readFileSync(path.join(ROOT, 'deploy', 'netlify', 'netlify.toml'), 'utf8');
    assert.match(toml, /^publish = "\.\.\/\.\.\/www"$/m);
    assert.match(toml, /^edge_functions = "edge-functions"$/m);
  });
});

describe('three wasm faces, a crate each, over one core', () => {
  const exportsOf = (file) => WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(file))).map((e) => e.name);
  const RELAY_API = ['decideRequest', 'answerHeaders', 'failureAnswer', 'platformLimitedAnswer', 'maxAnswerBytes', 'upstreamTimeoutMs',
    'capBurst', 'capIntervalS', 'capRetryAfterS', 'requestsPerCheck', 'platformWindowS', 'platformWindowLimit'];
  const TYPING_API = ['checkSite', 'checkEmail', 'checkToken', 'checkName', 'credentialKey', 'buildCredential'];
  const LIVE_API = ['verifyCredential', 'interpretTranscript', 'buildCheckCommands', 'buildStory', 'buildTinesApiCommands', 'buildReplaceCommands', 'buildDailyStory'];

  test("the page's two modules carry no relay code, the relay's none of the page's API, and each page module only its own", () => {
    const page = exportsOf(PAGE_WASM);
    const live = exportsOf(LIVE_WASM);
    const relay = exportsOf(RELAY_WASM);
    for (const name of RELAY_API) {
      assert.ok(relay.includes(name), `the relay exports ${name}`);
      assert.ok(!page.includes(name) && !live.includes(name), `a page module exports ${name}`);
    }
    for (const name of TYPING_API) {
      assert.ok(page.includes(name), `the first module exports ${name}`);
      assert.ok(!live.includes(name), `the second module exports ${name}`);
      assert.ok(!relay.includes(name), `the relay exports ${name}`);
    }
    for (const name of LIVE_API) {
      assert.ok(live.includes(name), `the second module exports ${name}`);
      assert.ok(!page.includes(name), `the first module exports ${name}`);
      assert.ok(!relay.includes(name), `the relay exports ${name}`);
    }
    // The relay's own sentences are data in its module only (no dead copy in the page's).
    const relayBytes = fs.readFileSync(RELAY_WASM);
    for (const text of ['This relay only serves pages of its own site.', 'tines-jira-credential-relay']) {
      assert.ok(relayBytes.includes(text), `the relay's module holds "${text}"`);
      for (const file of [PAGE_WASM, LIVE_WASM]) assert.ok(!fs.readFileSync(file).includes(text), `${path.basename(file)} holds "${text}"`);
    }
    // What only a check needs stays out of the first module: the answers' and the reader's words.
    const firstBytes = fs.readFileSync(PAGE_WASM);
    const liveBytes = fs.readFileSync(LIVE_WASM);
    for (const text of ['This does not look like what the check command prints', 'Neither the site nor api.atlassian.com']) {
      assert.ok(liveBytes.includes(text), `the second module holds "${text}"`);
      assert.ok(!firstBytes.includes(text), `the first module holds "${text}"`);
    }
  });

  test(`the relay's module is within its budget (${RELAY_WASM_GZIP_BUDGET} bytes gzipped)`, (t) => {
    const size = zlib.gzipSync(fs.readFileSync(RELAY_WASM), { level: 9 }).length;
    t.diagnostic(`deploy/edge/pkg/tines_jira_relay_bg.wasm: ${fs.statSync(RELAY_WASM).size} bytes, ${size} gzipped`);
    assert.ok(size <= RELAY_WASM_GZIP_BUDGET, `${size} > ${RELAY_WASM_GZIP_BUDGET}`);
  });

  test('the relay module answers the same decisions in Node as the native tests (one smoke case each way)', async () => {
    const glue = await import(path.join(ROOT, 'deploy', 'edge', 'pkg', 'tines_jira_relay.js'));
    glue.initSync({ module: fs.readFileSync(RELAY_WASM) });
    const ask = (target, headers = []) =>
      JSON.parse(glue.decideRequest('GET', `https://docs.example.com${target}`, JSON.stringify(headers), PREFIX, '198.51.100.9', 0));
    const ok = ask(`${PREFIX}/api.atlassian.com/ex/jira/${CLOUD_ID}${MYSELF}`, [['authorization', basic(JANE.email, JANE.token)]]);
    assert.equal(ok.forward.url, `https://api.atlassian.com/ex/jira/${CLOUD_ID}${MYSELF}`);
    assert.deepEqual(ok.forward.headers.map(([n]) => n), ['Authorization', 'User-Agent']);
    const no = ask(`${PREFIX}/evil.example${MYSELF}`);
    assert.equal(no.refuse.status, 404);
    assert.equal(JSON.parse(no.refuse.body).relay, 'refused');
    // Headers that are not a list of pairs: refused, not guessed.
    assert.equal(JSON.parse(glue.decideRequest('GET', `https://d.example${PREFIX}/acme.atlassian.net${MYSELF}`, '{"x":1}', PREFIX, 'c', 0)).refuse.status, 404);
  });
});
