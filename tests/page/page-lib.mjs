// Shared helpers for the page suites (tests/page/*.test.mjs): the page and the element in headless
// Chromium (Debian's, through playwright-core), served from www/ by the e2e harness's static
// server. Nothing resolves but localhost (harness.mjs, blockOthers): a direct check ends in
// blocked-by-browser or unreachable, and the tests that need an answer from "Jira" fulfil the
// request with Playwright's page.route. The full set of Jira answers is tests/e2e's job.

import { loadModule } from '../../scripts/bench/wasm-module.mjs';
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serveStatic, launchBrowser, newContext, instrumentPage, elementReady, axeResults, inElement } from '../e2e/harness.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.join(ROOT, 'www');
const PKG_WASM = path.join(WWW, 'pkg', 'tines_jira_credential_bg.wasm');

export const MASK = '\u2022'.repeat(24);
export const BOARD_URL = 'https://acme.atlassian.net/jira/software/projects/OPS/boards/12?selectedIssue=OPS-7';
// A synthetic token of the current format: 'ATATT3' + body to 183 chars, '=', CRC-32 of the first 184.
export const TOKEN = makeToken();
export const GOOD = { site: 'acme.atlassian.net', email: 'jane@acme.com', token: TOKEN, name: 'Jira Prod' };
export const ERRORS = { site: 'acme.atlasian.net', email: 'jane@', token: 'Basic amFuZUBhY21lLmNvbQ==', name: ' ' };

export function makeToken(seed = 11) {
  let body = 'ATATT3';
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  for (let i = 0; body.length < 183; i++) body += alphabet[(i * 37 + seed) % 64];
  const first = `${body}=`;
  let crc = 0xffffffff;
  for (const byte of Buffer.from(first)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return first + ((crc ^ 0xffffffff) >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

export const JANE_ACCOUNT = {
  accountId: '5b10ac8d82e05b22cc7d4ef5',
  accountType: 'atlassian',
  emailAddress: 'jane@acme.com',
  displayName: 'Jane Doe',
  active: true,
};

/** One static server, one browser and the wasm module in Node (the source of every expected text). */
export async function startPageStack() {
  assert.ok(fs.existsSync(PKG_WASM), 'www/pkg is missing: run `npm run build` first');
  assert.ok(fs.existsSync(path.join(WWW, 'pkg', 'tines-jira-credential.js')), 'www/pkg/tines-jira-credential.js is missing: run `npm run build` first');
  // Both modules, as one object: the expected texts come from whichever builds them.
  const { api } = await loadModule();
  const server = await serveStatic(WWW);
  const browser = await launchBrowser();
  return {
    api,
    server,
    browser,
    async close() {
      await browser?.close();
      await server?.close();
    },
  };
}

/**
 * The stack for one suite file, started once before its tests and closed after them:
 *   const stack = usePageStack();
 *   const { context, page } = await stack.openPage({ clipboard: 'grant' });
 *   stack.api.checkSite('acme'); stack.server.origin; stack.browser;
 * `api`, `server` and `browser` are there once the file's `before` has run (inside tests).
 */
export function usePageStack() {
  let started;
  const use = {
    get api() {
      return started.api;
    },
    get server() {
      return started.server;
    },
    get browser() {
      return started.browser;
    },
    openPage: (options) => openPage(started, options),
    answerAsJira: (page, urlGlob, seen) => answerAsJira(page, started, urlGlob, seen),
  };
  before(async () => {
    started = await startPageStack();
  });
  after(async () => {
    await started?.close();
  });
  return use;
}

/** A fresh context and page on `file`, instrumented, with the element ready. */
export async function openPage(stack, { file = 'index.html', colorScheme = 'light', width = 1280, height = 900, clipboard, init, permissions, beforeGoto } = {}) {
  const context = await newContext(stack.browser, { colorScheme, viewport: { width, height }, acceptDownloads: true });
  if (clipboard === 'grant') await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.server.origin });
  if (permissions) await context.grantPermissions(permissions, { origin: stack.server.origin });
  await context.addInitScript(instrumentPage);
  if (init) await context.addInitScript(init);
  if (beforeGoto) await beforeGoto(context);
  const page = await context.newPage();
  const consoleMessages = [];
  const pageErrors = [];
  CONSOLE.set(page, consoleMessages);
  page.on('console', (m) => (m.location()?.url === '' && /inline style/.test(m.text()) ? null : consoleMessages.push(`${m.type()}: ${m.text()}`)));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${stack.server.url}/${file}`);
  await elementReady(page);
  return { context, page, consoleMessages, pageErrors };
}

/** Types into fields as a person would (fill fires `input`), then leaves each field. */
export async function fill(page, values) {
  for (const [field, value] of Object.entries(values)) {
    await page.locator(`#${field}`).fill(value);
    await page.locator(`#${field}`).blur();
  }
}

/** Runs `fn(shadowRoot, ...args)` in the page (harness.mjs, inElement). */
export const inShadow = inElement;

/** The messages one field shows now, as data: the ones a person can see. */
export function fieldMessages(page, field) {
  return inShadow(
    page,
    (root, f) =>
      [...root.querySelectorAll(`#${f}-msgs .diag`)]
        .filter((d) => d.checkVisibility({ visibilityProperty: true }))
        .map((d) => ({
          severity: d.dataset.severity,
          code: d.dataset.code,
          codes: d.dataset.codes.split(' ').filter(Boolean),
          quiet: d.classList.contains('diag-quiet'),
          label: d.querySelector('.diag-label').textContent,
          text: d.querySelector('.diag-text').textContent,
          suggestion: d.querySelector('[data-suggestion] code')?.textContent ?? null,
        })),
    field,
  );
}

const CONSOLE = new WeakMap();

/**
 * axe's violations, as "rule: help (targets)". axe-core adds an inline <style> while it runs, which
 * the page's CSP rightly refuses: that report is the test tool's, so it is set aside (its console
 * line, from axe's URL-less script, is never recorded).
 */
export async function axe(page) {
  const mark = await page.evaluate(() => window.__watch?.csp.length ?? 0);
  const results = await axeResults(page);
  await page.evaluate(
    (from) =>
      new Promise((resolve) =>
        setTimeout(() => {
          const log = window.__watch?.csp;
          if (log) {
            const mine = log.splice(from).filter((v) => !(v.directive === 'style-src-elem' && v.blocked === 'inline' && !v.source));
            log.push(...mine);
          }
          resolve();
        }, 100),
      ),
    mark,
  );
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export async function assertClean(page, consoleMessages, pageErrors) {
  const csp = await page.evaluate(() => window.__watch.csp.map((v) => `${v.directive} ${v.blocked}`));
  assert.deepEqual(csp, [], 'CSP violations');
  assert.deepEqual(pageErrors, [], 'uncaught page errors');
  // Chromium itself reports a failed request (a name that does not resolve, a CORS refusal);
  // anything else in the console came from the page, which logs nothing.
  const own = consoleMessages.filter((m) => !/^error: (Failed to load resource: net::|Access to fetch at )/.test(m));
  assert.deepEqual(own, [], 'the page writes nothing to the console');
}

/** Answers requests to `urlGlob` as Jira would, with CORS allowed. */
export async function answerAsJira(page, stack, urlGlob, seen = []) {
  await page.route(urlGlob, (route) => {
    seen.push(route.request().url());
    return route.fulfill({
      status: 200,
      headers: { 'access-control-allow-origin': stack.server.origin, 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(JANE_ACCOUNT),
    });
  });
  return seen;
}

/** Records every `check` event of the element in window.__checks. */
export function recordCheckEvents(page) {
  return page.evaluate(() => {
    window.__checks = [];
    document.querySelector('tines-jira-credential').addEventListener('check', (e) => window.__checks.push(e.detail));
  });
}

export const isUnavailable = (page, id = 'check') => inShadow(page, (root, i) => root.getElementById(i).getAttribute('aria-disabled') === 'true', id);
