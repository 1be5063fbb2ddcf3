// Start-up: navigation → the element is ready (wasm instantiated and the first check answered),
// against the same page with the module import removed (where "ready" can only mean the element's
// form is on screen). Each load is a fresh browser context: a first visit. In headless Chromium
// and in Firefox ESR, and for each a trial: the page without its preloads (the element, the glue,
// the wasm and the stylesheet then load as the element asks for them), to see whether the
// preloads help or hurt. What is measured is a copy of www/ taken as the section starts
// (snapshot.mjs), so that a build running beside the bench cannot change it half-way.
//
// An init script watches the element's shadow root:
//   form    — the shadow DOM's <form> has been inserted;
//   ready   — the element set its `ready` attribute or fired `ready` (the module is in and the first
//             check is shown);
//   visible — the form's wrapper lost its `hidden` (the element shows the form once its stylesheet
//             is in: issue 37, the form at once);
//   typed   — the first `input` event of #site: a real keystroke has landed.
//
// Issue 37, "where the milliseconds go": at `ready`, the element's User Timing marks (tjc:*:
// the bundle evaluated, the first module's glue imported, its wasm compiled and instantiated, the
// first check drawn) and Resource Timing (when the bundle and the wasm arrived) give each load's
// breakdown; in Chromium, the DevTools protocol's Performance.getMetrics adds the main thread's
// time in style, layout and script, against the bare page's. Layout shift (CLS, Chromium) is
// summed until a moment after `ready`.
//
// Issue 28, part 5, "Ready measured as people feel it": beside the ratio, absolute figures, each
// load's time minus the bare page's median (so the median is the difference of the medians):
//   checks ready − bare — the `ready` event (the first module's first check drawn), from the same
//                         loads as the ratio;
//   interactive         — a fourth page load each round, of the full page, in which the driver
//                         waits for `visible`, focuses #site and presses a key, as a person would
//                         the moment the form shows; `typed` is when that key landed. It includes
//                         one round trip to the driver, measured on each page once it is idle
//                         (`driverIdleMs`: #site focused, another key pressed, landed); `visible`
//                         is kept beside it in the JSON.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './browser.mjs';
import { serveLikeDeployment } from './serve.mjs';
import { snapshotWww } from './snapshot.mjs';
import { median, summarize } from './stats.mjs';
import { WWW } from './wasm-module.mjs';

const LOADS = 15;
const ELEMENT = 'tines-jira-credential';

/** Chromium's figures: { loads, readyMs, baselineMs, ratio, signal, noPreloads: { readyMs, ratio } }. */
export function measureStartup() {
  return measureStartupIn(chromiumDriver);
}

/** The same in Firefox ESR (puppeteer-core over WebDriver BiDi). */
export function measureStartupFirefox() {
  return measureStartupIn(firefoxDriver);
}

export async function measureStartupIn(startDriver, source = WWW) {
  const snapshot = await snapshotWww(source);
  const www = snapshot.dir;
  const stripped = strippedCopyOfWww(www);
  const unpreloaded = copyWithoutPreloads(www);
  const withModule = await serveLikeDeployment(www);
  const withoutPreloads = await serveLikeDeployment(unpreloaded);
  const withoutModule = await serveLikeDeployment(stripped);
  const driver = await startDriver();
  const ready = [];
  const readyWithoutPreloads = [];
  const formShown = [];
  const typedLoads = [];
  const bareTypedLoads = [];
  const fullMarks = [];
  const bareMarks = [];
  const signals = new Set();
  try {
    // Alternate the pages so that machine noise falls on all alike.
    for (let load = 0; load < LOADS; load++) {
      const full = await driver.load(withModule.origin, 'ready');
      ready.push(full.ready);
      fullMarks.push(full);
      signals.add(full.signal);
      readyWithoutPreloads.push((await driver.load(withoutPreloads.origin, 'ready')).ready);
      const bareLoad = await driver.load(withoutModule.origin, 'form');
      bareMarks.push(bareLoad);
      formShown.push(bareLoad.form);
      typedLoads.push(await driver.typeFirstKey(withModule.origin));
      bareTypedLoads.push(await driver.typeFirstKey(withoutModule.origin, { ready: false }));
    }
    if (withoutModule.requests.some((p) => MODULE_FILES.includes(p.slice(1)))) throw new Error('the stripped page still loaded the module');
  } finally {
    await driver.close();
    await withModule.close();
    await withoutPreloads.close();
    await withoutModule.close();
    rmSync(stripped, { recursive: true, force: true });
    rmSync(unpreloaded, { recursive: true, force: true });
    snapshot.remove();
  }
  const readyMs = summarize(ready);
  const baselineMs = summarize(formShown);
  const noPreloadsMs = summarize(readyWithoutPreloads);
  const bare = baselineMs.median;
  const typed = typedLoads.map((m) => m.typed);
  const bareTyped = bareTypedLoads.map((m) => m.typed);
  const bareTypedMedian = median(bareTyped);
  // Where "checks ready − bare" goes, load by load (the element's marks; Chromium's counters of
  // style, layout and script against the bare page's medians).
  const of = (loads, pick) => {
    const values = loads.map(pick).filter((v) => Number.isFinite(v));
    return values.length ? summarize(values) : null;
  };
  const fullLoads = fullMarks;
  const barePaintedMedian = median(bareMarks.map((m) => m.formPainted).filter((v) => Number.isFinite(v)));
  const bareMain = (key) => summarize(bareMarks.map((m) => m.mainThread?.[key] ?? 0)).median;
  const breakdown = {
    elementScriptMs: of(fullLoads, (m) => m.timing?.['element-evaluated'] - m.timing?.elementArrived),
    wasmCompileAfterBytesMs: of(fullLoads, (m) => m.timing?.['typing-compiled'] - m.timing?.wasmArrived),
    instantiateMs: of(fullLoads, (m) => m.timing?.['typing-instantiated'] - Math.max(m.timing?.['typing-compiled'], m.timing?.['typing-glue'])),
    firstCallMs: of(fullLoads, (m) => m.timing?.['first-check'] - m.timing?.['typing-instantiated']),
    wasmArrivedMs: of(fullLoads, (m) => m.timing?.wasmArrived),
    elementEvaluatedMs: of(fullLoads, (m) => m.timing?.['element-evaluated']),
    styleMinusBareMs: fullLoads[0]?.mainThread ? of(fullLoads, (m) => m.mainThread.styleMs - bareMain('styleMs')) : null,
    layoutMinusBareMs: fullLoads[0]?.mainThread ? of(fullLoads, (m) => m.mainThread.layoutMs - bareMain('layoutMs')) : null,
    scriptMinusBareMs: fullLoads[0]?.mainThread ? of(fullLoads, (m) => m.mainThread.scriptMs - bareMain('scriptMs')) : null,
  };
  return {
    engine: driver.version,
    loads: LOADS,
    readyMs,
    baselineMs,
    ratio: readyMs.median / baselineMs.median,
    signal: [...signals].join(', '),
    noPreloads: { readyMs: noPreloadsMs, ratio: noPreloadsMs.median / baselineMs.median },
    // Issue 28, part 5: each load minus (or over) the bare page's median.
    checksReadyMinusBareMs: summarize(ready.map((t) => t - bare)),
    // Like for like: the first frame with the checks in, minus the bare page's first frame with
    // its form (its median), both painted.
    checksOnScreenMinusBareMs: of(fullLoads, (m) => m.checksPainted - barePaintedMedian),
    barePaintedMs: of(bareMarks, (m) => m.formPainted),
    // Issue 37: where that goes, and how much the form moved while the module arrived.
    breakdown,
    layoutShift: of(fullLoads, (m) => m.cls),
    interactive: {
      /** The first key typed into #site landed (ms from navigation). */
      typedMs: summarize(typed),
      minusBareMs: summarize(typed.map((t) => t - bare)),
      ratio: summarize(typed.map((t) => t / bare)),
      /** In the same loads: when the form showed (in-page, no driver in it), when #site had the
       *  focus (the driver is told then), and when `ready` came. */
      visibleMs: summarize(typedLoads.map((m) => m.visible)),
      focusedMs: summarize(typedLoads.map((m) => m.focused)),
      readyMs: summarize(typedLoads.map((m) => m.ready)),
      /** The driver's share of typedMs: from #site focused to a key landing, on the idle page. */
      driverIdleMs: summarize(typedLoads.map((m) => m.driverIdleMs)),
      /** How many presses it took: more than one means a key was pressed and did not land. */
      presses: summarize(typedLoads.map((m) => m.presses)),
      /** The same first key on the bare page (no module): like for like, both include the
       *  driver's round trip and the form's first layout and paint, which the bare page's `form`
       *  mark (the form inserted) does not. */
      bareTypedMs: summarize(bareTyped),
      ratioToBareTyped: summarize(typed.map((t) => t / bareTypedMedian)),
    },
  };
}

const READY_TIMEOUT_MS = 20_000;
/** For each mark a load waits for, the mark of the frame that shows it, waited for after it. */
const PAINTED = { ready: 'checksPainted', form: 'formPainted' };
/** After `ready`, how long the driver waits before reading the layout shift. */
const SETTLE_MS = 250;

function failedToReach(mark, errors) {
  return new Error(`the element never reached "${mark}" in 20 s${errors.length ? `; page error: ${errors[0]}` : ''}`);
}

/** Headless Chromium (playwright-core): load(origin, mark) is one first visit, resolving with the
 *  marks (ms since navigation start) once `mark` is set. */
export async function chromiumDriver() {
  const browser = await launchChromium();
  return {
    version: `chromium/${browser.version()}`,
    close: () => browser.close(),
    async load(origin, mark) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.addInitScript(watchElement, ELEMENT);
        // Chromium's own counters of the main thread's time in style, layout and script.
        const cdp = await context.newCDPSession(page);
        await cdp.send('Performance.enable');
        await page.goto(`${origin}/index.html`);
        await page.waitForFunction((m) => window.__startupMarks?.[m] !== undefined, mark, { timeout: READY_TIMEOUT_MS }).catch(() => {
          throw failedToReach(mark, errors);
        });
        const { metrics } = await cdp.send('Performance.getMetrics');
        const metric = (name) => 1000 * (metrics.find((m) => m.name === name)?.value ?? 0);
        await page.waitForFunction((m) => window.__startupMarks?.[m] !== undefined, PAINTED[mark], { timeout: READY_TIMEOUT_MS }).catch(() => {
          throw failedToReach(PAINTED[mark], errors);
        });
        // A moment for what the first check draws to shift anything (it would show in `cls`).
        await page.waitForTimeout(SETTLE_MS);
        const marks = await page.evaluate(() => window.__startupMarks);
        return {
          ...marks,
          mainThread: { styleMs: metric('RecalcStyleDuration'), layoutMs: metric('LayoutDuration'), scriptMs: metric('ScriptDuration'), taskMs: metric('TaskDuration') },
        };
      } finally {
        await context.close();
      }
    },
    /** One first visit in which a key is pressed in #site the moment the form shows: the marks,
     *  `typed` among them. The page waits for the form itself (no polling from here). */
    async typeFirstKey(origin, { ready = true } = {}) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.addInitScript(watchElement, ELEMENT);
        await page.goto(`${origin}/index.html`, { waitUntil: 'commit' });
        return await typeWhenVisible(page, errors, (fn, arg) => page.waitForFunction(fn, arg, { timeout: READY_TIMEOUT_MS }), ready);
      } finally {
        await context.close();
      }
    },
  };
}

/**
 * In a page being loaded (watchElement installed): waits, in the page, for the form to show;
 * focuses #site and presses a key; presses again if it did not land. Then waits for `ready` and
 * returns the marks with `presses`. `waitFor(fn, arg)`: the engine's waitForFunction.
 */
async function typeWhenVisible(page, errors, waitFor, ready = true) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let presses = 0;
  for (;;) {
    if (Date.now() > deadline) throw failedToReach('typed', errors);
    // Resolves in the page the moment the form shows (a MutationObserver, not polling); false on
    // a document without the init script yet (about:blank before the navigation commits).
    const focused = await page.evaluate(focusSiteWhenVisible, ELEMENT).catch(() => false);
    if (!focused) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      continue;
    }
    presses++;
    await page.keyboard.press('a');
    if (await page.evaluate(() => window.__startupMarks.typed !== undefined).catch(() => false)) break;
  }
  // The bare page has no module, so no `ready`: its first key is all there is to wait for.
  if (ready) {
    await waitFor((m) => window.__startupMarks?.[m] !== undefined, 'ready').catch(() => {
      throw failedToReach('ready', errors);
    });
  }
  // The same steps once more on the loaded, idle page: from #site having the focus to a key
  // landing. That is the driver's own share of `typed` (its round trip and the key's way in).
  const from = await page.evaluate((tagName) => {
    const site = document.querySelector(tagName).shadowRoot.getElementById('site');
    site.focus();
    return performance.now();
  }, ELEMENT);
  await page.keyboard.press('b');
  const marks = await page.evaluate(() => window.__startupMarks);
  return { ...marks, presses, driverIdleMs: marks.lastInput - from };
}

/** Runs in the page: once the form shows, focuses #site; true when it has the focus (false
 *  after a second without the form, so that the driver's deadline still holds). */
function focusSiteWhenVisible(tagName) {
  if (!window.__startupMarks) return false;
  // When the driver started waiting in this page: before `visible`, or the driver was late.
  window.__startupMarks.waiting ??= performance.now();
  const waited = new Promise((resolve) => setTimeout(() => resolve(false), 1000));
  const focus = window.__startupMarks.whenVisible.then(() => {
    const site = document.querySelector(tagName)?.shadowRoot?.getElementById('site');
    if (!site) return false;
    site.focus();
    window.__startupMarks.focused ??= performance.now();
    return site.getRootNode().activeElement === site;
  });
  return Promise.race([focus, waited]);
}

/** Firefox ESR, quiet and offline (tests/firefox/engine-firefox.mjs): the same loads. */
export async function firefoxDriver() {
  const { launchFirefox } = await import('../../tests/firefox/engine-firefox.mjs');
  const browser = await launchFirefox();
  return {
    version: await browser.version(),
    async close() {
      await Promise.race([browser.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      browser.process()?.kill('SIGKILL');
    },
    async load(origin, mark) {
      const context = await browser.createBrowserContext();
      try {
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.evaluateOnNewDocument(watchElement, ELEMENT);
        await page.goto(`${origin}/index.html`);
        for (const awaited of [mark, PAINTED[mark]]) {
          await page.waitForFunction((m) => window.__startupMarks?.[m] !== undefined, { timeout: READY_TIMEOUT_MS, polling: 'raf' }, awaited).catch(() => {
            throw failedToReach(awaited, errors);
          });
        }
        return await page.evaluate(() => window.__startupMarks);
      } finally {
        await context.close();
      }
    },
    async typeFirstKey(origin, { ready = true } = {}) {
      const context = await browser.createBrowserContext();
      try {
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.evaluateOnNewDocument(watchElement, ELEMENT);
        // Not awaited: WebDriver BiDi's navigation returns at DOMContentLoaded at the earliest,
        // which was measured to come some 60 ms after the form showed. typeWhenVisible asks the
        // page again until the new document is there, then the page itself waits for the form.
        const navigation = page.goto(`${origin}/index.html`).catch((error) => error);
        const marks = await typeWhenVisible(
          page,
          errors,
          (fn, arg) => page.waitForFunction(fn, { timeout: READY_TIMEOUT_MS, polling: 'raf' }, arg),
          ready,
        );
        const navigated = await navigation;
        if (navigated instanceof Error) throw navigated;
        return marks;
      } finally {
        await context.close();
      }
    },
  };
}

/** Runs in the page before any of its scripts: records when the element's form and first check appear. */
function watchElement(tagName) {
  const marks = (window.__startupMarks = {});
  let shown;
  // Not enumerable: the marks go back to the driver as JSON.
  Object.defineProperty(marks, 'whenVisible', { value: new Promise((resolve) => (shown = resolve)) });
  // Layout shift (Chromium's Layout Instability API; Firefox has none): every shift not caused by
  // input, summed, until the driver reads the marks (a moment after `ready`).
  if (PerformanceObserver.supportedEntryTypes?.includes('layout-shift')) {
    marks.cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) marks.cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  }
  // On screen: a task posted from a frame's requestAnimationFrame runs once that frame is painted.
  // `formPainted`: the first frame with the form shown; `checksPainted`: the first with the form
  // shown and the first check drawn in it. Like for like: the bare page's `form` is the form
  // inserted, before its first layout and paint; these include them on both pages.
  const afterPaint = (key) => requestAnimationFrame(() => setTimeout(() => (marks[key] ??= performance.now())));
  const painted = () => {
    if (marks.visible === undefined) return;
    afterPaint('formPainted');
    if (marks.ready !== undefined) afterPaint('checksPainted');
  };
  const markReady = (signal) => {
    if (marks.ready !== undefined) return;
    Object.assign(marks, { ready: performance.now(), signal });
    painted();
    // Where start-up went: the element's own marks (www/element/wasm.js, element.js: tjc:*) and
    // when the element's script and the first module's wasm had arrived (Resource Timing).
    const ends = (suffix) => performance.getEntriesByType('resource').find((r) => r.name.endsWith(suffix))?.responseEnd;
    marks.timing = {
      ...Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('tjc:')).map((m) => [m.name.slice(4), m.startTime])),
      elementArrived: ends('/tines-jira-credential.js'),
      wasmArrived: ends('/tines_jira_credential_bg.wasm'),
    };
  };
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    if (this.localName !== tagName) return root;
    this.addEventListener('ready', () => markReady('ready event'), { once: true });
    new MutationObserver(() => this.hasAttribute('ready') && markReady('ready attribute')).observe(this, {
      attributes: true,
      attributeFilter: ['ready'],
    });
    new MutationObserver(() => {
      if (marks.form === undefined && root.querySelector('form')) marks.form = performance.now();
      if (marks.visible === undefined && root.querySelector('.tjc:not([hidden])')) {
        marks.visible = performance.now();
        shown();
        painted();
      }
    }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
    root.addEventListener(
      'input',
      (event) => {
        if (event.composedPath()[0]?.id !== 'site') return;
        marks.lastInput = performance.now();
        marks.typed ??= marks.lastInput;
      },
      true,
    );
    return root;
  };
}

/** The module's own files: the baseline page neither preloads nor loads them. */
const MODULE_FILES = ['pkg/tines_jira_credential.js', 'pkg/tines_jira_credential_bg.wasm'];

/** The preload and modulepreload lines of index.html: the element, the glue, the wasm, the stylesheet. */
const PRELOAD_LINE = /^\s*<link rel="(?:modulepreload|preload)" [^>]*>\n/gm;

/** A temporary copy of www/ whose index.html preloads nothing. */
function copyWithoutPreloads(www) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tjc-startup-nopreload-'));
  cpSync(www, dir, { recursive: true });
  const indexFile = path.join(dir, 'index.html');
  const html = readFileSync(indexFile, 'utf8');
  const count = html.match(PRELOAD_LINE)?.length ?? 0;
  if (count !== 4) throw new Error(`index.html should have 4 preload lines, found ${count}: update startup.mjs`);
  writeFileSync(indexFile, html.replace(PRELOAD_LINE, ''));
  return dir;
}

/**
 * A temporary copy of www/ whose element never loads the module: index.html without the
 * preloads of the glue and the wasm, the element (the built copy in pkg/, which the page loads)
 * with its loading of the glue and the wasm replaced by promises that never settle, and neither
 * module file.
 */
function strippedCopyOfWww(www) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tjc-startup-'));
  const skip = new Set(MODULE_FILES.map((f) => path.join(www, f)));
  cpSync(www, dir, { recursive: true, filter: (src) => !skip.has(src) });

  const indexFile = path.join(dir, 'index.html');
  const html = readFileSync(indexFile, 'utf8');
  const preloads = new RegExp(`^\\s*<link rel="(?:modulepreload|preload)" href="(?:${MODULE_FILES.map((f) => f.replace(/\./g, '\\.')).join('|')})"[^>]*>\\n`, 'gm');
  const stripped = html.replace(preloads, '');
  if (html.split('\n').length - stripped.split('\n').length !== MODULE_FILES.length) {
    throw new Error('index.html should preload the glue and the wasm, one line each: update startup.mjs');
  }
  writeFileSync(indexFile, stripped);

  const elementFile = path.join(dir, 'pkg', `${ELEMENT}.js`);
  let source = readFileSync(elementFile, 'utf8');
  // The element loads the glue with one import() and compiles the wasm with one
  // WebAssembly.compileStreaming(fetch(…)): both become promises that never settle.
  for (const call of ['import(', 'WebAssembly.compileStreaming(fetch(']) {
    const count = source.split(call).length - 1;
    if (count !== 1) throw new Error(`www/pkg/${ELEMENT}.js should hold ${call} once, found ${count}: update startup.mjs`);
    const never = '((url) => new Promise(() => {}))(';
    source = source.replace(call, call.endsWith('fetch(') ? `${never}(` : never);
  }
  writeFileSync(elementFile, source); // never ready
  return dir;
}
