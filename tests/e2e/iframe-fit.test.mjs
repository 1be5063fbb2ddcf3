// An iframe that fits its content (issue 30): www/framed.html, served from one origin, framed by a
// docs page of another origin (two servers on 127.0.0.1, two ports) that uses the README's
// snippet:iframe-fit exactly, under a strict CSP of its own (script-src 'self': no inline script), and
// allowed to frame by a frame-ancestors header as the operator sets it. In headless Chromium, 375 and
// 1280 px wide: the iframe takes the height of the frame's content, and follows it as the outputs
// appear and the "Create it with Tines' API" section opens and closes, with no scrollbar inside the
// frame. A message from the docs page itself, from a frame of a third origin, or from the framed page
// but not a finite positive number, changes nothing; a frame whose address names another parent, or
// "*", sends nothing this page takes, and keeps the fixed height.
//
//   node --test tests/e2e/iframe-fit.test.mjs      (after `npm run build`)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { serveStatic, launchBrowser, newContext, instrumentPage, readmeSnippet } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = path.join(ROOT, 'www');
const SHOTS = path.join(ROOT, 'test-results', 'e2e-screenshots');
const FALLBACK = 2400;

let tools; // the tool's own origin: www/
let docs; // the docs site that frames it
let other; // a third origin, framed by the docs page, that forges messages
let browser;
let scratch;

before(async () => {
  assert.ok(fs.existsSync(path.join(WWW, 'pkg', 'tines-jira-credential.js')), 'www/pkg is missing: run `npm run build` first');
  const [html, js] = readmeSnippet('iframe-fit', ['html', 'js']);
  assert.equal(`${js}\n`, fs.readFileSync(path.join(WWW, 'iframe-parent.js'), 'utf8'), 'the README\u2019s lines are www/iframe-parent.js');
  assert.match(html, /height="2400"/, 'the fixed height stays as the fallback');

  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-iframe-fit-'));
  for (const dir of ['docs', 'other']) fs.mkdirSync(path.join(scratch, dir));
  fs.writeFileSync(path.join(scratch, 'other', 'index.html'), '<!doctype html><title>Elsewhere</title><p>Another site.</p>\n');
  // Each server needs the others' origins in its headers, known once all three listen.
  const origins = {};
  docs = await serveStatic(path.join(scratch, 'docs'), {
    headers: (p) => (p.endsWith('.html') ? { 'Content-Security-Policy': `default-src 'none'; script-src 'self'; frame-src ${origins.tools} ${origins.other}` } : {}),
  });
  tools = await serveStatic(WWW, { headers: (p) => (p.endsWith('.html') ? { 'Content-Security-Policy': `frame-ancestors 'self' ${origins.docs}` } : {}) });
  other = await serveStatic(path.join(scratch, 'other'));
  Object.assign(origins, { docs: docs.origin, tools: tools.origin, other: other.origin });
  assert.notEqual(docs.origin, tools.origin);

  // The snippet, exactly, with the example origins made these servers'.
  const local = (text) => text.replaceAll('https://tools.example.com/tines-jira-credential/', `${tools.origin}/`).replaceAll('https://docs.example.com', docs.origin);
  const pageOf = (body) => `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Docs</title></head>\n<body>\n<h1>Acme docs</h1>\n${body}\n<p id="after">After the frame.</p>\n</body>\n</html>\n`;
  fs.writeFileSync(path.join(scratch, 'docs', 'iframe-parent.js'), `${js}\n`);
  fs.writeFileSync(path.join(scratch, 'docs', 'index.html'), pageOf(local(html)));
  // Frames that name another parent, or "*": the docs page takes nothing from them.
  const [frame, script] = local(html).split('\n<script');
  fs.writeFileSync(
    path.join(scratch, 'docs', 'elsewhere.html'),
    pageOf(`${frame.replace(`?parent=${docs.origin}`, `?parent=${other.origin}`)}\n${frame.replace(`?parent=${docs.origin}`, '?parent=*')}\n<script${script}`),
  );
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await Promise.all([tools?.close(), docs?.close(), other?.close()]);
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function openDocs(file, viewport) {
  const context = await newContext(browser, { viewport });
  await context.addInitScript(instrumentPage);
  const page = await context.newPage();
  const log = { console: [], errors: [] };
  page.on('console', (m) => log.console.push(`${m.type()}: ${m.text()} (${m.location().url})`));
  page.on('pageerror', (e) => log.errors.push(e.message));
  await page.goto(`${docs.url}/${file}`);
  return { context, page, log };
}

/** The framed page's frames, once each one's element is ready. */
async function toolFrames(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll('iframe[data-fit]').length === n, count);
  const frames = [];
  for (let i = 0; i < count; i++) {
    const handle = await page.locator('iframe[data-fit]').nth(i).elementHandle();
    const frame = await handle.contentFrame();
    await frame.locator('tines-jira-credential[ready] .tjc:not([hidden])').waitFor();
    frames.push(frame);
  }
  return frames;
}

/** The iframe's height on the docs page (inside its border), and the height of what is in it. */
async function heights(page, frame) {
  const iframe = await page.evaluate(() => document.querySelector('iframe[data-fit]').clientHeight);
  const inside = await frame.evaluate(() => ({
    content: Math.ceil(document.documentElement.getBoundingClientRect().height),
    viewport: window.innerHeight,
    scrolls: document.documentElement.scrollHeight > window.innerHeight,
  }));
  return { iframe, ...inside };
}

/** Waits until the iframe is as tall as its content (and `also` holds), and returns the height. */
async function fitted(page, frame, also = () => true, what = 'fitted') {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const h = await heights(page, frame);
    if (h.iframe === h.content && h.viewport === h.content && !h.scrolls && also(h.content)) return h.content;
    if (Date.now() > deadline) throw new Error(`${what}: not fitted after 10 s: ${JSON.stringify(h)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** As fitted(), once the height has held for 1.2 s: the element shows a new problem after a pause
 *  of about a second, and a click aimed before then would land where the layout was. */
async function settled(page, frame, also, what) {
  let height = await fitted(page, frame, also, what);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const now = await fitted(page, frame, also, what);
    if (now === height) return now;
    height = now;
  }
}

async function typeIn(frame, field, value) {
  const input = frame.locator(`tines-jira-credential #${field}`);
  await input.click();
  await input.pressSequentially(value, { delay: 10 });
  await input.press('Tab');
}

/** Posts each of `messages` from `frame` (a Playwright frame) to the docs page and waits until the
 *  docs page has received them all, after its own listener has: its height is then settled. */
async function post(page, frame, messages) {
  await page.evaluate(() => {
    window.__seen = 0;
    window.addEventListener('message', () => window.__seen++);
  });
  await frame.evaluate((list) => {
    const to = window === window.top ? window : window.parent;
    for (const m of list) to.postMessage(m === 'NaN' ? NaN : m === 'Infinity' ? Infinity : m, '*');
  }, messages);
  await page.waitForFunction((n) => window.__seen >= n, messages.length);
}

describe('an iframe that fits its content, framed from another origin', () => {
  for (const viewport of [{ width: 375, height: 740 }, { width: 1280, height: 900 }]) {
    test(`${viewport.width} px: the iframe follows the content as sections open and close, and takes nothing else`, { timeout: 90_000 }, async () => {
      const { context, page, log } = await openDocs('index.html', viewport);
      try {
        const [frame] = await toolFrames(page, 1);
        const empty = await fitted(page, frame, (h) => h !== FALLBACK, 'the empty form');

        // The outputs appear: taller.
        await typeIn(frame, 'site', 'acme');
        await typeIn(frame, 'email', 'jane@acme.com');
        await frame.locator('tines-jira-credential [data-outputs]:not([hidden])').waitFor();
        const outputs = await settled(page, frame, (h) => h > empty, 'the outputs shown');
        if (viewport.width === 375) {
          fs.mkdirSync(SHOTS, { recursive: true });
          await page.screenshot({ path: path.join(SHOTS, 'iframe-fit-375.png'), fullPage: true });
        }

        // "Create it with Tines' API" opens: taller; closes: shorter again.
        // By the keyboard (Enter on the summary is a click): a mouse click aimed into a cross-origin
        // frame this tall, scrolled this far, lands some 24 px above its target in headless Chromium.
        const api = frame.locator('tines-jira-credential [data-api] > summary');
        await api.press('Enter');
        await frame.locator('tines-jira-credential [data-api][open]').waitFor();
        const open = await fitted(page, frame, (h) => h > outputs, 'the API section open');
        await api.press('Enter');
        const closed = await settled(page, frame, (h) => h < open, 'the API section closed again');

        // Forgeries change nothing: from the docs page itself, from a frame of a third origin, and
        // from the framed page when it is not a finite positive number.
        const still = async (what) => assert.equal((await heights(page, frame)).iframe, closed, what);
        await post(page, page.mainFrame(), [700, 1200]);
        await still('a message from the docs page\u2019s own origin');
        await page.evaluate((src) => {
          const f = document.createElement('iframe');
          f.src = src;
          f.id = 'forger';
          document.body.append(f);
        }, `${other.origin}/index.html`);
        const forger = await (await page.locator('#forger').elementHandle()).contentFrame();
        await forger.waitForLoadState();
        await post(page, forger, [700, 1200]);
        await still('a message from another origin');
        await post(page, frame, ['700', { height: 700 }, [700], null, true, 'NaN', 'Infinity', -700, 0, 1e9]);
        await still('messages from the framed page that are not a finite positive number');
        // The channel is live: the same kind of message, a number, from the framed page is taken.
        await post(page, frame, [closed + 123]);
        assert.equal((await heights(page, frame)).iframe, closed + 123, 'a number from the framed page is taken');

        assert.deepEqual(log.errors, []);
        assert.deepEqual(log.console, [], 'nothing in the console of either page');
        assert.deepEqual(await page.evaluate(() => window.__watch.csp), [], 'no CSP violation on the docs page');
        assert.deepEqual(await frame.evaluate(() => window.__watch.csp), [], 'no CSP violation in the frame');
      } finally {
        await context.close();
      }
    });
  }

  test('a frame whose address names another parent, or "*", keeps the fixed height', { timeout: 60_000 }, async () => {
    const { context, page, log } = await openDocs('elsewhere.html', { width: 1280, height: 900 });
    try {
      const frames = await toolFrames(page, 2);
      for (const frame of frames) await frame.locator('tines-jira-credential[ready]').waitFor({ state: 'attached' });
      await page.waitForTimeout(500);
      const all = await page.evaluate(() => [...document.querySelectorAll('iframe[data-fit]')].map((f) => f.clientHeight));
      assert.deepEqual(all, [FALLBACK, FALLBACK]);
      // The message to another origin is dropped by the browser, which says so in the frame's console.
      const dropped = /does not match the recipient window's origin/;
      assert.ok(log.console.some((m) => dropped.test(m) && m.includes(other.origin)), `the frame that names another parent sent, and was refused: ${log.console.join('\n')}`);
      assert.ok(log.console.every((m) => dropped.test(m)), log.console.join('\n'));
      assert.deepEqual(log.errors, []);
    } finally {
      await context.close();
    }
  });
});
