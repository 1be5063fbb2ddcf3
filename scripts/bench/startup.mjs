// Start-up: navigation → the element is ready (wasm instantiated and the first check answered),
// in headless Chromium, against the same page with the module import removed (where "ready" can
// only mean the element's form is on screen). Each load is a fresh browser context: a first visit.
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

export async function measureStartup() {
  const stripped = strippedCopyOfWww();
  const withModule = await serveLikeDeployment(WWW);
  const withoutModule = await serveLikeDeployment(stripped);
  const browser = await launchChromium();
  const ready = [];
  const formShown = [];
  const signals = new Set();
  try {
    // Alternate the two pages so that machine noise falls on both alike.
    for (let load = 0; load < LOADS; load++) {
      const full = await loadOnce(browser, withModule.origin, 'ready');
      ready.push(full.ready);
      signals.add(full.signal);
      formShown.push((await loadOnce(browser, withoutModule.origin, 'form')).form);
    }
    if (withoutModule.requests.some((p) => MODULE_FILES.includes(p.slice(1)))) throw new Error('the stripped page still loaded the module');
  } finally {
    await browser.close();
    await withModule.close();
    await withoutModule.close();
    rmSync(stripped, { recursive: true, force: true });
  }
  const readyMs = summarize(ready);
  const baselineMs = summarize(formShown);
  return { loads: LOADS, readyMs, baselineMs, ratio: readyMs.median / baselineMs.median, signal: [...signals].join(', ') };
}

/** One first visit; resolves with the marks (ms since navigation start) once `mark` is set. */
async function loadOnce(browser, origin, mark) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(watchElement, ELEMENT);
    await page.goto(`${origin}/index.html`);
    await page.waitForFunction((m) => window.__startupMarks?.[m] !== undefined, mark, { timeout: 20_000 }).catch(() => {
      throw new Error(`the element never reached "${mark}" in 20 s${errors.length ? `; page error: ${errors[0]}` : ''}`);
    });
    return await page.evaluate(() => window.__startupMarks);
  } finally {
    await context.close();
  }
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

/**
 * A temporary copy of www/ whose element never loads the module: index.html without the
 * preloads of the glue and the wasm, the element (the built copy in pkg/, which the page loads)
 * with its loading of the glue and the wasm replaced by promises that never settle, and neither
 * module file.
 */
function strippedCopyOfWww() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tjc-startup-'));
  const skip = new Set(MODULE_FILES.map((f) => path.join(WWW, f)));
  cpSync(WWW, dir, { recursive: true, filter: (src) => !skip.has(src) });

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
