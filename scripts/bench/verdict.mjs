// Click to verdict (issue 28, part 5): from the click on "Check with Jira" to the result panel
// showing Jira's verdict, against the fake Jira (tests/e2e/fake-jira.mjs) over HTTPS, in Chromium
// and in Firefox ESR, on the current build and, when BENCH_BEFORE_WWW names one, on a www/ built
// from before the two modules (commit 6a4d69d: one module that held the live check too).
//
// The current build is measured on a copy of www/ taken as the section starts (snapshot.mjs).
// Each run is a first visit in a fresh browsing context, as a person comes to the page: the page
// (served on 127.0.0.1 the way deploy/nginx serves it, scripts/bench/serve.mjs) is loaded and
// ready; the site and the email are typed one key at a time at KEY_DELAY_MS a key; the token is
// pasted with a real Ctrl+V, as people do and as tests/e2e do (typed at that speed, its 192 keys
// would take 19 s a run); PAUSE_MS later (a person's move from the token to the button), the
// button is clicked.
// After the split, the element fetches its second module while this happens (www/element/wasm.js,
// loadLive); before it, the one module was in from the start. Both times are taken in the page
// (performance.now()): the click in a capturing listener on the button, the verdict when the
// result panel is shown with its outcome (a MutationObserver), so the driver's round trips are
// in neither. Every run must end `verified`.
//
// How each engine reaches the fake (as the browser suites do, tests/engines.mjs): Chromium maps the
// Atlassian names to it with --host-resolver-rules; Firefox sends every name to 127.0.0.1, where
// tests/firefox/front.mjs listens on :443 (root only) and passes the Atlassian names on. The fake
// sends CORS headers for every origin (`cors: 'allow'`), so the browser lets the page read the answer.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { JANE, startFakeJira } from '../../tests/e2e/fake-jira.mjs';
import { paste, sleep, startEngine } from '../../tests/engines.mjs';
import { serveLikeDeployment } from './serve.mjs';
import { snapshotWww } from './snapshot.mjs';
import { summarize } from './stats.mjs';
import { WWW } from './wasm-module.mjs';

export const RUNS = 10;
export const KEY_DELAY_MS = 100;
export const PAUSE_MS = 300;
/** The commit the "before" build is made from (docs in scripts/bench.sh). */
export const BEFORE_COMMIT = '6a4d69d';

const SITE = 'acme.atlassian.net';
const SERVE = [SITE, 'api.atlassian.com'];
const VERDICT_TIMEOUT_MS = 20_000;

/** The www/ of the build from before the split, from BENCH_BEFORE_WWW: { www } or { missing: why }. */
export function beforeWww(dir = process.env.BENCH_BEFORE_WWW) {
  if (!dir) return { missing: `BENCH_BEFORE_WWW is not set (a www/ built from ${BEFORE_COMMIT}: see scripts/bench.sh)` };
  const www = path.resolve(dir);
  for (const file of ['index.html', 'pkg/tines-jira-credential.js', 'pkg/tines_jira_credential_bg.wasm']) {
    if (!existsSync(path.join(www, file))) return { missing: `BENCH_BEFORE_WWW=${dir} has no ${file}: is it a built www/?` };
  }
  return { www };
}

/**
 * { engine, runs, keyDelayMs, pauseMs, now: {min, median, max, runs}, before: … | null,
 *   beforeWww, beforeMissing, differenceMs: median now − median before | null } in ms.
 */
export async function measureClickToVerdict(engineName, { before = beforeWww() } = {}) {
  retried = 0;
  const snapshot = await snapshotWww(WWW);
  const builds = [{ name: 'now', www: snapshot.dir }];
  if (before.www) builds.push({ name: 'before', www: before.www });
  const servers = [];
  let fake;
  let engine;
  try {
    fake = await startFakeJira({ cors: 'allow' });
    for (const build of builds) servers.push((build.server = await serveLikeDeployment(build.www)));
    engine = await startEngineWaiting(engineName, fake);
    const samples = Object.fromEntries(builds.map((b) => [b.name, []]));
    // Alternate the builds so that machine noise falls on both alike.
    for (let run = 0; run < RUNS; run++) {
      for (const build of run % 2 ? [...builds].reverse() : builds) {
        samples[build.name].push(await retriedOnce(() => clickToVerdict(engine, build.server.origin)));
      }
    }
    const now = summarize(samples.now);
    const was = samples.before ? summarize(samples.before) : null;
    return {
      engine: engine.version,
      runs: RUNS,
      retried,
      keyDelayMs: KEY_DELAY_MS,
      pauseMs: PAUSE_MS,
      now,
      before: was,
      beforeWww: before.www ?? null,
      beforeMissing: before.missing ?? null,
      differenceMs: was ? now.median - was.median : null,
      samples,
    };
  } finally {
    await engine?.close();
    for (const server of servers) await server.close();
    await fake?.close();
    snapshot.remove();
  }
}

let retried = 0;
/** On this shared machine a first load has now and then stalled before the element was ready
 *  (never at the check itself): such a run is run again once, and counted. */
async function retriedOnce(run) {
  try {
    return await run();
  } catch (error) {
    if (!error.message.startsWith('the element was not ready')) throw error;
    retried++;
    process.stderr.write(`    ${error.message.slice(0, 300)}\n    trying that run again\n`);
    return run();
  }
}

/** Firefox's front needs 127.0.0.1:443, which a Firefox test suite running at the same time holds:
 *  wait for it (up to five minutes) rather than fail. */
async function startEngineWaiting(engineName, fake) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEngine(engineName, { fake, serve: SERVE });
    } catch (error) {
      if (!/is in use/.test(error.message) || attempt === 10) throw error;
      process.stderr.write(`    ${error.message}; waiting 30 s (${attempt}/10)\n`);
      await sleep(30_000);
    }
  }
}

/** One person's check: ms from the click to the verdict on screen. */
async function clickToVerdict(engine, origin) {
  const s = await engine.newSession();
  try {
    await s.goto(`${origin}/index.html`);
    await s.ready().catch(async (error) => {
      const state = await s.evaluate(pageState).catch((e) => e.message);
      throw new Error(`the element was not ready in 30 s: ${JSON.stringify(state)}; errors ${JSON.stringify(s.errors)}; console ${JSON.stringify(s.console)}`, { cause: error });
    });
    await s.inShadow(watchVerdict);
    await s.type({ css: '#site' }, SITE, { delay: KEY_DELAY_MS });
    await s.type({ css: '#email' }, JANE.email, { delay: KEY_DELAY_MS });
    await paste(s, { css: '#token' }, JANE.token);
    if ((await s.value({ css: '#token' })) !== JANE.token) throw new Error('the pasted token did not land in #token');
    await sleep(PAUSE_MS);
    await s.click({ css: '#check' });
    await s.waitFor(() => window.__verdictMarks?.verdict !== undefined, undefined, { timeout: VERDICT_TIMEOUT_MS }).catch(() => {
      throw new Error(`no verdict ${VERDICT_TIMEOUT_MS / 1000} s after the click${s.errors.length ? `; page error: ${s.errors[0].message}` : ''}`);
    });
    const marks = await s.evaluate(() => window.__verdictMarks);
    if (marks.outcome !== 'verified') throw new Error(`the check ended "${marks.outcome}", not "verified": is the fake Jira reachable, with CORS?`);
    if (marks.click === undefined) throw new Error('the click on "Check with Jira" was not seen');
    return marks.verdict - marks.click;
  } finally {
    await s.close();
  }
}

/** Runs in the page: what a page that never got ready shows (for the error message). */
function pageState() {
  const host = document.querySelector('tines-jira-credential');
  return {
    defined: Boolean(customElements.get('tines-jira-credential')),
    ready: host?.hasAttribute('ready'),
    hidden: host?.shadowRoot?.querySelector('.tjc')?.hidden,
    loadError: host?.shadowRoot?.querySelector('[data-load-error]')?.textContent,
    resources: performance.getEntriesByType('resource').map((r) => `${r.name.replace(location.origin, '')} ${Math.round(r.responseEnd)}`),
  };
}

/** Runs in the page (on the element's shadow root): records the click on Check and the verdict. */
function watchVerdict(root) {
  const marks = (window.__verdictMarks = {});
  root.getElementById('check').addEventListener(
    'click',
    (event) => {
      if (marks.click !== undefined) return;
      marks.click = performance.now();
      marks.clickEventTimeStamp = event.timeStamp;
    },
    true,
  );
  const panel = root.querySelector('[data-result]');
  new MutationObserver(() => {
    if (marks.verdict === undefined && marks.click !== undefined && !panel.hidden && panel.dataset.outcome) {
      marks.verdict = performance.now();
      marks.outcome = panel.dataset.outcome;
    }
  }).observe(panel, { attributes: true, childList: true });
}
