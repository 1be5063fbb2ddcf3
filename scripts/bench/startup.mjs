// Start-up: navigation → the element is ready (wasm instantiated and the first check answered),
// against the same page with the module import removed (where "ready" can only mean the element's
// form is on screen). Each load is a fresh browser context: a first visit. In headless Chromium
// and in Firefox ESR, and for each a trial: the page without its preloads (the element, the glue,
// the wasm and the stylesheet then load as the element asks for them), to see whether the
// preloads help or hurt.
//
// An init script watches the element's shadow root:
//   form  — the shadow DOM's <form> has been inserted;
//   ready — the element set its `ready` attribute or fired `ready` (the module is in and the first
//           check is shown).

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './browser.mjs';
import { serveLikeDeployment } from './serve.mjs';
import { summarize } from './stats.mjs';
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

export async function measureStartupIn(startDriver, www = WWW) {
  const stripped = strippedCopyOfWww(www);
  const unpreloaded = copyWithoutPreloads(www);
  const withModule = await serveLikeDeployment(www);
  const withoutPreloads = await serveLikeDeployment(unpreloaded);
  const withoutModule = await serveLikeDeployment(stripped);
  const driver = await startDriver();
  const ready = [];
  const readyWithoutPreloads = [];
  const formShown = [];
  const signals = new Set();
  try {
    // Alternate the pages so that machine noise falls on all alike.
    for (let load = 0; load < LOADS; load++) {
      const full = await driver.load(withModule.origin, 'ready');
      ready.push(full.ready);
      signals.add(full.signal);
      readyWithoutPreloads.push((await driver.load(withoutPreloads.origin, 'ready')).ready);
      formShown.push((await driver.load(withoutModule.origin, 'form')).form);
    }
    if (withoutModule.requests.some((p) => MODULE_FILES.includes(p.slice(1)))) throw new Error('the stripped page still loaded the module');
  } finally {
    await driver.close();
    await withModule.close();
    await withoutPreloads.close();
    await withoutModule.close();
    rmSync(stripped, { recursive: true, force: true });
    rmSync(unpreloaded, { recursive: true, force: true });
  }
  const readyMs = summarize(ready);
  const baselineMs = summarize(formShown);
  const noPreloadsMs = summarize(readyWithoutPreloads);
  return {
    engine: driver.version,
    loads: LOADS,
    readyMs,
    baselineMs,
    ratio: readyMs.median / baselineMs.median,
    signal: [...signals].join(', '),
    noPreloads: { readyMs: noPreloadsMs, ratio: noPreloadsMs.median / baselineMs.median },
  };
}

const READY_TIMEOUT_MS = 20_000;

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
        await page.goto(`${origin}/index.html`);
        await page.waitForFunction((m) => window.__startupMarks?.[m] !== undefined, mark, { timeout: READY_TIMEOUT_MS }).catch(() => {
          throw failedToReach(mark, errors);
        });
        return await page.evaluate(() => window.__startupMarks);
      } finally {
        await context.close();
      }
    },
  };
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
        await page.waitForFunction((m) => window.__startupMarks?.[m] !== undefined, { timeout: READY_TIMEOUT_MS, polling: 'raf' }, mark).catch(() => {
          throw failedToReach(mark, errors);
        });
        return await page.evaluate(() => window.__startupMarks);
      } finally {
        await context.close();
      }
    },
  };
}

/** Runs in the page before any of its scripts: records when the element's form and first check appear. */
function watchElement(tagName) {
  const marks = (window.__startupMarks = {});
  const markReady = (signal) => {
    if (marks.ready === undefined) Object.assign(marks, { ready: performance.now(), signal });
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
    }).observe(root, { subtree: true, childList: true });
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
