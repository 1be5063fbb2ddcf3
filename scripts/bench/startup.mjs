// Start-up: navigation → the element is ready (wasm instantiated and the first check answered),
// in headless Chromium, against the same page with the module import removed (where "ready" can
// only mean the element's form is on screen). Each load is a fresh browser context: a first visit.
//
// The element signals nothing when it is ready, so an init script watches its shadow root:
//   form  — the shadow DOM's <form> has been inserted;
//   ready — the element set a `ready` attribute or fired `ready` (if it ever does), otherwise the
//           first `aria-describedby` write on a field, which only its first rendered check does.

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
    if (withoutModule.requests.some((p) => p.startsWith('/pkg/'))) throw new Error('the stripped page still loaded the module');
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
    new MutationObserver((records) => {
      if (marks.form === undefined && root.querySelector('form')) marks.form = performance.now();
      if (records.some((r) => r.attributeName === 'aria-describedby')) markReady('first rendered check');
    }).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-describedby'] });
    return root;
  };
}

/** A temporary copy of www/ whose element never imports the module (and has no pkg/ to load). */
function strippedCopyOfWww() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tjc-startup-'));
  cpSync(WWW, dir, { recursive: true, filter: (src) => !src.startsWith(path.join(WWW, 'pkg')) });
  const elementFile = path.join(dir, `${ELEMENT}.js`);
  const source = readFileSync(elementFile, 'utf8');
  const moduleImport = /^import\s+init\s*,\s*\{([^}]*)\}\s*from\s*'\.\/pkg\/[^']+';$/m;
  const match = source.match(moduleImport);
  if (!match) throw new Error(`no "import init, { … } from './pkg/…'" line in www/${ELEMENT}.js: update startup.mjs`);
  const stub = `const init = () => new Promise(() => {}); // module import removed: never ready\nconst { ${match[1].trim()} } = {};`;
  writeFileSync(elementFile, source.replace(moduleImport, stub));
  return dir;
}
