// <tines-jira-credential>: the form, the live check and the outputs to paste into Tines. Every
// check and output comes from the wasm module (./pkg); this file only draws them (DESIGN.md, "Layers").
// Attributes and theming: README.md. The token stays in its input (and in the Value output while
// revealed); nothing is stored or logged.

import init, { buildCredential, verifyCredential } from './pkg/tines_jira_credential.js';

const STYLESHEET_URL = new URL('./tines-jira-credential.css', import.meta.url).href;
const WASM_URL = new URL('./pkg/tines_jira_credential_bg.wasm', import.meta.url);

let moduleReady;
function loadModule() {
  moduleReady ??= init({ module_or_path: WASM_URL });
  return moduleReady;
}

const INPUT_DELAY_MS = 150;
const COPIED_FOR_MS = 2000;
const TOKEN_HELP_URL = 'https://id.atlassian.com/manage-profile/security/api-tokens';
const MASK = '\u2022'.repeat(24);
const MAX_COOLDOWN_S = 120;

const FIELDS = ['site', 'email', 'token', 'name'];

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' };

// How each outcome of verifyCredential is presented (its explanation comes from the module);
// `terminal` adds the terminal commands to the result.
const OUTCOMES = {
  verified: { tone: 'success', title: 'Jira accepted the token' },
  rejected: { tone: 'error', title: 'Jira did not accept this email and token' },
  captcha: { tone: 'warning', title: 'Jira wants a CAPTCHA first' },
  forbidden: { tone: 'error', title: 'Jira refused access', terminal: true },
  'site-not-found': { tone: 'error', title: 'No Jira site at this address' },
  'rate-limited': { tone: 'warning', title: 'Jira asked to slow down' },
  'jira-error': { tone: 'warning', title: 'Jira had a problem', terminal: true },
  'not-jira': { tone: 'error', title: 'Something other than Jira answered', terminal: true },
  'blocked-by-browser': {
    tone: 'neutral',
    title: 'Expected: check this one from a terminal',
    lead:
      'This is how browsers normally behave with Jira Cloud, not a sign that anything you typed is wrong.',
    terminal: true,
  },
  timeout: { tone: 'warning', title: 'Jira did not answer in time', terminal: true },
  aborted: { tone: 'neutral', title: 'Check cancelled' },
  redirected: { tone: 'error', title: 'The site answered with a redirect' },
};

const ICONS = {
  error:
    '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><circle class="i-bg" cx="8" cy="8" r="7.5"/><path class="i-stroke" d="M8 4.3v4.5"/><circle class="i-dot" cx="8" cy="11.5" r="1.1"/></svg>',
  warning:
    '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path class="i-bg i-round" d="M8 1.3 15.1 14.2H.9Z"/><path class="i-stroke" d="M8 5.8v3.9"/><circle class="i-dot" cx="8" cy="12" r="1"/></svg>',
  info:
    '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><circle class="i-bg" cx="8" cy="8" r="7.5"/><circle class="i-dot" cx="8" cy="4.7" r="1.1"/><path class="i-stroke" d="M8 7.3v4.5"/></svg>',
  success:
    '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><circle class="i-bg" cx="8" cy="8" r="7.5"/><path class="i-stroke" d="m4.7 8.2 2.2 2.2 4.3-4.6"/></svg>',
  copy:
    '<svg class="icon icon-line" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><rect x="5.5" y="5.5" width="8" height="8" rx="1.5"/><path d="M10.5 3.5V3A1.5 1.5 0 0 0 9 1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5"/></svg>',
  check:
    '<svg class="icon icon-line" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="m3.5 8.5 3 3 6-7"/></svg>',
};
ICONS.neutral = ICONS.info;

// ---------------------------------------------------------------------------------------------
// The static markup. Nothing a person types is ever put into HTML (it goes in with textContent).
// No style attributes: the page's CSP allows only same-origin stylesheets.

function fieldMarkup({ id, label, help, input, after = '' }) {
  return `
    <div class="field" data-field="${id}">
      <label class="label" for="${id}">${label}</label>
      <div class="control">${input}${after}</div>
      <p class="cleaned" id="${id}-cleaned" hidden></p>
      <ul class="diags" id="${id}-msgs" hidden></ul>
      <p class="help" id="${id}-help">${help}</p>
    </div>`;
}

function outputMarkup({ key, label, note = '', reveal = false }) {
  return `
    <div class="output" data-output="${key}">
      <div class="output-head">
        <h3 class="output-label" id="out-${key}-label">${label}</h3>
        <div class="output-actions">
          ${
            reveal
              ? `<button type="button" class="btn btn-small" data-reveal part="button">Reveal<span class="sr-only"> the token</span></button>`
              : ''
          }
          <button type="button" class="btn btn-small copy" data-copy="${key}" part="button"><span class="icon-wrap">${ICONS.copy}</span><span class="copy-text">Copy</span><span class="sr-only"> ${label}</span></button>
        </div>
      </div>
      <pre class="code" id="out-${key}" aria-labelledby="out-${key}-label"></pre>
      ${note}
      <p class="copy-fallback" data-fallback="${key}" hidden>Selected: press Ctrl+C (or \u2318C on a Mac) to copy it.</p>
    </div>`;
}

function referenceMarkup({ key, label, hint, out }) {
  return `
    <div class="output output-ref" data-output="${key}">
      <div class="output-head">
        <h4 class="output-label" id="out-${key}-label">${label}</h4>
        <button type="button" class="btn btn-small copy" data-copy="${key}" part="button"><span class="icon-wrap">${ICONS.copy}</span><span class="copy-text">Copy</span><span class="sr-only"> ${label}</span></button>
      </div>
      <pre class="code" id="out-${key}" aria-labelledby="out-${key}-label"${out ? ` data-result-out="${out}"` : ''}></pre>
      ${hint ? `<p class="output-hint">${hint}</p>` : ''}
      <p class="copy-fallback" data-fallback="${key}" hidden>Selected: press Ctrl+C (or \u2318C on a Mac) to copy it.</p>
    </div>`;
}

const TEMPLATE = `
<link rel="stylesheet" href="${STYLESHEET_URL}">
<div class="tjc" part="root" hidden>
  <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-live></div>
  <p class="load-error" role="alert" data-load-error hidden></p>

  <form class="stack" novalidate>
    <section class="card" part="card" aria-labelledby="details-title">
      <div class="card-head">
        <span class="step" aria-hidden="true">1</span>
        <div>
          <h2 id="details-title">Your Jira details</h2>
          <p class="lede">Checked as you type, right here in your browser. Nothing leaves this page until you press \u201cCheck with Jira\u201d.</p>
        </div>
      </div>
      <div class="fields">
        ${fieldMarkup({
          id: 'site',
          label: 'Jira site',
          help: 'Your site\u2019s address, e.g. <code>acme.atlassian.net</code>. Pasting any link from the site works too.',
          input: `<input id="site" name="site" type="text" inputmode="url" autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="site-help" placeholder="acme.atlassian.net" part="input">`,
        })}
        ${fieldMarkup({
          id: 'email',
          label: 'Account email',
          help: 'The sign-in email of the Atlassian account that created the token.',
          input: `<input id="email" name="email" type="text" inputmode="email" autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="email-help" placeholder="jane@acme.com" part="input">`,
        })}
        ${fieldMarkup({
          id: 'token',
          label: 'API token',
          help: `Create one at <a href="${TOKEN_HELP_URL}" target="_blank" rel="noopener noreferrer">id.atlassian.com \u203a Security \u203a API tokens<span class="sr-only"> (opens in a new tab)</span></a>. It is never stored or logged.`,
          input: `<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" autocapitalize="off" autocorrect="off" data-1p-ignore data-lpignore="true" data-bwignore aria-describedby="token-help" part="input">`,
          after: `<button type="button" class="btn toggle" data-token-toggle aria-controls="token" part="button"><span class="toggle-text">Show</span><span class="sr-only"> token</span></button>`,
        })}
        ${fieldMarkup({
          id: 'name',
          label: 'Credential name',
          help: 'What the credential is called in Tines. Actions refer to it by its key, shown below.',
          input: `<input id="name" name="name" type="text" autocomplete="off" spellcheck="false" aria-describedby="name-help" part="input">`,
        })}
      </div>
    </section>

    <section class="card" part="card" aria-labelledby="check-title">
      <div class="card-head">
        <span class="step" aria-hidden="true">2</span>
        <div>
          <h2 id="check-title">Check with Jira <span class="optional">optional</span></h2>
          <p class="lede">Asks Jira who the token belongs to (<code>GET /rest/api/3/myself</code>), once, when you press the button.</p>
        </div>
      </div>
      <label class="checkbox"><input type="checkbox" id="scoped" name="scoped"><span>My token has scopes, or belongs to a service account</span></label>
      <p class="route" id="route" data-route></p>
      <div class="check-actions">
        <button type="submit" class="btn btn-primary" id="check" aria-describedby="check-hint route" part="button" disabled>Check with Jira</button>
        <button type="button" class="btn" id="cancel" part="button" hidden>Cancel</button>
        <span class="progress" id="progress" hidden><span class="spinner" aria-hidden="true"></span>Checking\u2026</span>
      </div>
      <p class="hint" id="check-hint" data-check-hint>Fill in the site, email and token first.</p>
      <div class="result" id="result" data-result hidden></div>
    </section>
  </form>

  <section class="card" part="card" aria-labelledby="outputs-title">
    <div class="card-head">
      <span class="step" aria-hidden="true">3</span>
      <div>
        <h2 id="outputs-title">Paste into Tines</h2>
        <p class="lede">In the order of Tines\u2019 <b>New credential \u2192 Text</b> form, each with a copy button.</p>
      </div>
    </div>
    <p class="empty" data-outputs-empty>Your values appear here as soon as the site, email and credential name are valid.</p>
    <div class="outputs" data-outputs hidden>
      <div class="outputs-grid">
        <div class="walkthrough">
          <h3 class="walkthrough-title">In Tines</h3>
          <ol>
            <li>Open <b>Credentials</b>, choose <b>+ New credential</b>, then <b>Text</b>.</li>
            <li>Paste the <b>Name</b>.</li>
            <li>Paste the API token into <b>Value</b>.</li>
            <li>Turn on <b>Metadata</b> and paste the JSON.</li>
            <li>Paste the <b>Domains</b>, so Tines sends this credential only to Jira.</li>
            <li>Set the credential\u2019s expiry to match the token\u2019s: API tokens expire within a year, so Tines can remind you before it stops working.</li>
            <li>Save.</li>
          </ol>
        </div>
        <div class="output-list">
          ${outputMarkup({ key: 'name', label: 'Name' })}
          ${outputMarkup({
            key: 'value',
            label: 'Value',
            reveal: true,
            note: `<p class="output-note" data-value-note hidden>Paste a valid API token above and the Value appears here.</p>`,
          })}
          ${outputMarkup({ key: 'metadata', label: 'Metadata' })}
          ${outputMarkup({ key: 'domains', label: 'Domains' })}
        </div>
      </div>

      <div class="subsection">
        <h3>Use it in actions</h3>
        <p class="sub-lede">Tines references for this credential, key <code data-key></code>.</p>
        <div class="refs">
          ${referenceMarkup({ key: 'ref-value', label: 'Token', hint: 'The Value: the API token.' })}
          ${referenceMarkup({ key: 'ref-domain', label: 'Domain', hint: 'The site, from the Metadata.' })}
          ${referenceMarkup({ key: 'ref-username', label: 'Username', hint: 'The account email, from the Metadata.' })}
          ${referenceMarkup({ key: 'ref-baseUrl', label: 'REST API base URL', hint: 'For an HTTP Request action\u2019s URL.' })}
        </div>
      </div>

      <div class="subsection" data-terminal-home>
        <h3>Check from a terminal</h3>
        <p class="sub-lede">Asks Jira the same question as the button above. Each command prompts for the token, so it never appears on screen or in your shell history.</p>
        <div class="commands" data-commands>
          ${referenceMarkup({ key: 'curl', label: 'curl (macOS, Linux)', hint: 'Paste the token when curl asks for the password.' })}
          ${referenceMarkup({ key: 'powershell', label: 'PowerShell 7 (Windows)', hint: 'Paste the token as the password in the prompt.' })}
        </div>
      </div>
    </div>
  </section>
</div>`;

// ---------------------------------------------------------------------------------------------

/** `h('p', { className: 'x', 'data-y': '' }, 'text', child)`: keys with a dash are attributes. */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k.includes('-')) el.setAttribute(k, v);
    else el[k] = v;
  }
  el.append(...children.filter((child) => child != null));
  return el;
}

/** A result message as a paragraph; one that lists numbered checks ("(1) …; (2) …") as a list. */
function messageNode(message) {
  const parts = message.split(/\s*\((\d)\)\s+/);
  if (parts.length < 5) return h('p', { className: 'result-message', 'data-result-message': '', textContent: message });
  const box = h('div', { className: 'result-message', 'data-result-message': '' });
  box.append(h('p', { textContent: parts[0] }));
  const list = h('ol', { className: 'result-steps' });
  for (let i = 2; i < parts.length; i += 2) list.append(h('li', { textContent: parts[i].replace(/[;,]\s*$/, '') }));
  box.append(list);
  return box;
}

function iconNode(name) {
  const span = document.createElement('span');
  span.className = 'icon-wrap';
  span.innerHTML = ICONS[name];
  return span;
}

export class TinesJiraCredential extends HTMLElement {
  static observedAttributes = ['site', 'name', 'relay'];

  #root = this.attachShadow({ mode: 'open' });
  #el = {};
  #touched = { site: false, email: false, token: false, name: false };
  /** What each field's message list shows now (kept here, never in the DOM), so a re-render
   *  that changes nothing leaves the nodes, and keyboard focus on a Use button, alone. */
  #shown = {};
  #report = null;
  #ready = false;
  #timer = 0;
  #checking = null; // AbortController of the check in progress
  #inputsVersion = 0;
  #checkedVersion = -1;
  #revealed = false;
  #copyTimers = new Map();
  #built = false;

  connectedCallback() {
    if (this.#built) return;
    this.#built = true;
    this.#root.innerHTML = TEMPLATE;
    const $ = (sel) => this.#root.querySelector(sel);
    const el = this.#el;
    el.wrap = $('.tjc');
    el.live = $('[data-live]');
    el.loadError = $('[data-load-error]');
    el.form = $('form');
    for (const f of FIELDS) {
      el[f] = $(`#${f}`);
      el[`${f}Msgs`] = $(`#${f}-msgs`);
      el[`${f}Cleaned`] = $(`#${f}-cleaned`);
    }
    el.tokenToggle = $('[data-token-toggle]');
    el.scoped = $('#scoped');
    el.route = $('[data-route]');
    el.check = $('#check');
    el.cancel = $('#cancel');
    el.progress = $('#progress');
    el.checkHint = $('[data-check-hint]');
    el.result = $('[data-result]');
    el.outputsEmpty = $('[data-outputs-empty]');
    el.outputs = $('[data-outputs]');
    el.valueNote = $('[data-value-note]');
    el.reveal = $('[data-reveal]');
    el.key = $('[data-key]');

    // Show the element once its stylesheet is in (or has failed): no flash of unstyled form.
    const link = $('link');
    const show = () => el.wrap.removeAttribute('hidden');
    if (link.sheet) show();
    else {
      link.addEventListener('load', show, { once: true });
      link.addEventListener('error', show, { once: true });
    }

    el.site.value = this.getAttribute('site') ?? '';
    el.name.value = this.getAttribute('name') ?? 'Jira';
    // A value the embedding page provides counts as touched: its messages show at once.
    this.#touched.site = el.site.value !== '';

    this.#wire();
    this.#renderRoute();

    loadModule().then(
      () => {
        this.#ready = true;
        this.#update();
        // For pages and tests that wait for the module and the first check.
        this.setAttribute('ready', '');
        this.dispatchEvent(new Event('ready'));
      },
      () => {
        el.loadError.textContent =
          'The checker could not load (its WebAssembly module did not arrive). Reload the page to try again.';
        el.loadError.hidden = false;
      },
    );
  }

  attributeChangedCallback(attr, _old, value) {
    if (!this.#built) return;
    if ((attr === 'site' || attr === 'name') && !this.#touched[attr]) {
      this.#el[attr].value = value ?? (attr === 'name' ? 'Jira' : '');
      if (attr === 'site') this.#touched.site = this.#el.site.value !== '';
      this.#inputChanged();
      this.#update();
    }
    if (attr === 'relay') this.#renderRoute();
  }

  disconnectedCallback() {
    this.#checking?.abort();
    clearTimeout(this.#timer);
    clearInterval(this.#cooldown);
    this.#cooldown = 0;
  }

  // -------------------------------------------------------------------------------------------
  // Events

  #wire() {
    const el = this.#el;
    for (const f of FIELDS) {
      el[f].addEventListener('input', () => {
        this.#touched[f] = true;
        this.#inputChanged(f);
        clearTimeout(this.#timer);
        this.#timer = setTimeout(() => this.#update(), INPUT_DELAY_MS);
      });
      el[f].addEventListener('blur', () => {
        this.#touched[f] = true;
        clearTimeout(this.#timer);
        this.#update();
      });
    }
    el.scoped.addEventListener('change', () => {
      this.#inputChanged('scoped');
      this.#update();
    });
    el.tokenToggle.addEventListener('click', () => {
      const show = el.token.type === 'password';
      el.token.type = show ? 'text' : 'password';
      el.tokenToggle.querySelector('.toggle-text').textContent = show ? 'Hide' : 'Show';
    });
    el.reveal.addEventListener('click', () => {
      this.#revealed = !this.#revealed;
      this.#renderValue();
    });
    el.form.addEventListener('submit', (event) => {
      event.preventDefault(); // never navigate; the CSP forbids form submission anyway
      this.#verify();
    });
    el.cancel.addEventListener('click', () => this.#checking?.abort());
    this.#root.addEventListener('click', (event) => {
      const copy = event.target.closest?.('[data-copy]');
      if (copy && this.#root.contains(copy)) this.#copy(copy);
    });
  }

  /** An input that feeds the live check changed: an earlier result no longer describes it. */
  #inputChanged(field) {
    if (field === 'name') return;
    this.#inputsVersion++;
    this.#renderStale();
  }

  #applySuggestion(field, suggestion) {
    const input = this.#el[field];
    input.value = suggestion;
    this.#touched[field] = true;
    this.#inputChanged(field);
    this.#update();
    input.focus();
    this.#announce(`Now using ${suggestion}.`);
  }

  // -------------------------------------------------------------------------------------------
  // Checks and rendering

  #inputs() {
    const el = this.#el;
    return {
      site: el.site.value,
      email: el.email.value,
      token: el.token.value,
      name: el.name.value,
      scoped: el.scoped.checked,
    };
  }

  #update() {
    if (!this.#ready) return;
    const report = buildCredential(this.#inputs());
    this.#report = report;
    for (const f of FIELDS) this.#renderField(f, report.fields[f]);
    this.#renderCheckButton();
    this.#renderRoute();
    this.#renderOutputs(report.outputs);
  }

  #renderField(field, result) {
    const el = this.#el;
    const input = el[field];
    const list = el[`${field}Msgs`];
    const cleaned = el[`${field}Cleaned`];
    const touched = this.#touched[field];
    const diagnostics = touched ? result.diagnostics : [];

    const shown = JSON.stringify([diagnostics, input.value]);
    if (this.#shown[field] !== shown) {
      this.#shown[field] = shown;
      list.replaceChildren(...diagnostics.map((d) => this.#diagnosticNode(d, field, input.value)));
    }
    list.hidden = diagnostics.length === 0;

    const showCleaned = touched && field !== 'token' && result.ok && result.value !== input.value;
    cleaned.hidden = !showCleaned;
    if (showCleaned) cleaned.replaceChildren('Uses ', h('code', { textContent: result.value }));

    const invalid = touched && !result.ok;
    if (invalid) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    const describedBy = [diagnostics.length && list.id, showCleaned && cleaned.id, `${field}-help`];
    input.setAttribute('aria-describedby', describedBy.filter(Boolean).join(' '));
    input.closest('.field').classList.toggle('field-invalid', invalid);
  }

  #diagnosticNode(d, field, typed) {
    const li = h('li', { className: `diag diag-${d.severity}`, 'data-code': d.code, 'data-severity': d.severity });
    li.append(iconNode(d.severity));
    const body = h('div', { className: 'diag-body' });
    body.append(h('span', { className: 'diag-label', textContent: `${SEVERITY_LABEL[d.severity] ?? 'Note'}:` }), ' ');
    body.append(h('span', { className: 'diag-text', textContent: d.message }));
    if (d.suggestion && field && field !== 'token' && d.suggestion !== typed) {
      const use = h('button', { type: 'button', className: 'btn btn-small btn-suggest', 'data-suggestion': '' });
      use.setAttribute('part', 'button');
      use.append('Use ', h('code', { textContent: d.suggestion }));
      use.addEventListener('click', () => this.#applySuggestion(field, d.suggestion));
      body.append(' ', use);
    }
    li.append(body);
    return li;
  }

  #canCheck() {
    const f = this.#report?.fields;
    return Boolean(this.#ready && f && f.site.ok && f.email.ok && f.token.ok && !this.#cooldown);
  }

  /** After a 429, wait as long as Jira asked, counting down in the hint: pressing again and again
   *  can get the account a CAPTCHA lock. */
  #coolDown(seconds) {
    const until = Date.now() + Math.min(Math.max(seconds, 1), MAX_COOLDOWN_S) * 1000;
    clearInterval(this.#cooldown);
    const tick = () => {
      const left = Math.ceil((until - Date.now()) / 1000);
      if (left <= 0) {
        clearInterval(this.#cooldown);
        this.#cooldown = 0;
        this.#cooldownLeft = 0;
      } else this.#cooldownLeft = left;
      this.#renderCheckButton();
    };
    this.#cooldown = setInterval(tick, 1000);
    tick();
  }

  #cooldown = 0;
  #cooldownLeft = 0;

  #renderCheckButton() {
    const el = this.#el;
    const checking = Boolean(this.#checking);
    el.check.disabled = checking || !this.#canCheck();
    el.cancel.hidden = !checking;
    el.progress.hidden = !checking;
    el.checkHint.hidden = checking || this.#canCheck();
    // A hidden hint must not stay in the button's description.
    el.check.setAttribute('aria-describedby', el.checkHint.hidden ? 'route' : 'check-hint route');
    if (!this.#ready) el.checkHint.textContent = 'Loading the checker\u2026';
    else if (this.#cooldown) el.checkHint.textContent = `Jira asked to wait: you can check again in ${this.#cooldownLeft} s.`;
    else el.checkHint.textContent = 'Fill in a valid site, email and token first.';
  }

  #renderRoute() {
    const el = this.#el;
    const relay = this.getAttribute('relay');
    const site = this.#report?.fields.site;
    const scoped = this.#report?.outputs?.route === 'scoped' || el.scoped.checked;
    const host = site?.ok ? site.value : null;
    const route = h('span', { className: 'route-via', textContent: relay ? 'through this site\u2019s relay' : 'directly from your browser' });
    el.route.dataset.via = relay ? 'relay' : 'direct';

    if (host && site.kind === 'custom') {
      el.route.replaceChildren(
        h('code', { textContent: host }),
        ' is not an Atlassian Cloud address, so it cannot be checked from this page: use the terminal commands below instead.',
      );
      return;
    }
    const target = host ? h('code', { textContent: host }) : 'your Jira site';
    const parts = ['The check goes ', route, ' to ', target];
    if (scoped) parts.push(' (for its cloud id), then to ', h('code', { textContent: 'api.atlassian.com' }));
    if (relay) parts.push(' (', h('code', { textContent: relay }), ').');
    else
      parts.push(
        '. Jira Cloud usually keeps its answer from other web pages; when it does, you get a terminal command that checks the same thing.',
      );
    el.route.replaceChildren(...parts);
  }

  #renderOutputs(outputs) {
    const el = this.#el;
    el.outputs.hidden = !outputs;
    el.outputsEmpty.hidden = Boolean(outputs);
    this.#outputs = outputs;
    if (!outputs) return;
    for (const [key, text] of Object.entries(this.#texts())) if (key !== 'value') this.#setText(key, text);
    this.#renderValue();
    el.key.textContent = outputs.credentialKey;
    this.#renderResultCommands();
  }

  #outputs = null;

  #setText(key, text) {
    for (const pre of this.#root.querySelectorAll(`#out-${key}, [data-result-out="${key}"]`)) {
      if (pre.textContent !== text) pre.textContent = text;
    }
  }

  #renderValue() {
    const el = this.#el;
    const pre = this.#root.querySelector('#out-value');
    const token = this.#outputs?.value ?? null;
    if (token === null) this.#revealed = false; // a new token starts masked again
    const copy = this.#root.querySelector('[data-copy="value"]');
    el.valueNote.hidden = token !== null;
    copy.disabled = token === null;
    el.reveal.disabled = token === null;
    el.reveal.firstChild.textContent = this.#revealed ? 'Hide' : 'Reveal';
    pre.classList.toggle('masked', token !== null && !this.#revealed);
    pre.classList.toggle('placeholder', token === null);
    pre.textContent = token === null ? 'No valid token yet' : this.#revealed ? token : MASK;
  }

  // -------------------------------------------------------------------------------------------
  // The live check

  async #verify() {
    if (this.#checking || !this.#canCheck()) return;
    const f = this.#report.fields;
    const controller = new AbortController();
    this.#checking = controller;
    const version = this.#inputsVersion;
    this.#el.result.hidden = true;
    // The Check button is disabled while checking: hand keyboard focus to Cancel.
    const hadFocus = this.#root.activeElement === this.#el.check;
    this.#renderCheckButton();
    if (hadFocus) this.#el.cancel.focus();
    this.#announce('Checking with Jira\u2026');
    const options = { scoped: this.#el.scoped.checked, signal: controller.signal };
    const relay = this.getAttribute('relay');
    if (relay !== null) options.relay = relay;

    let verification;
    try {
      verification = await verifyCredential({ site: f.site.value, email: f.email.value, token: f.token.value }, options);
    } catch (error) {
      // Only a programming error of the embedding page rejects (an invalid relay attribute).
      verification = {
        outcome: 'page-error',
        message: error instanceof Error ? error.message : 'The check could not start.',
        diagnostics: [],
      };
    }
    this.#checking = null;
    this.#checkedVersion = version;
    if (verification.outcome === 'rate-limited') this.#coolDown(verification.retryAfterSeconds ?? 60);
    // A custom host is never fetched (the page's CSP allows only Atlassian Cloud): say so plainly.
    this.#renderResult(verification, { customHost: f.site.kind === 'custom' });
    this.#renderCheckButton();
    // Never leave keyboard focus on the now hidden Cancel button (or nowhere):
    // back to Check, or to the result while Check waits out a rate limit.
    const active = this.#root.activeElement;
    const lost = active === null || active === this.#el.cancel;
    if (verification.outcome === 'aborted' || (hadFocus && lost)) {
      if (this.#el.check.disabled) {
        this.#el.result.tabIndex = -1;
        this.#el.result.focus();
      } else {
        this.#el.check.focus();
      }
    }
  }

  #renderResult(v, { customHost = false } = {}) {
    const el = this.#el;
    let meta = OUTCOMES[v.outcome] ?? {
      tone: 'error',
      title: v.outcome === 'page-error' ? 'This page\u2019s relay setting is wrong' : 'Jira answered',
    };
    if (customHost && v.outcome === 'blocked-by-browser') {
      meta = { ...meta, title: 'Check this site from a terminal', lead: null };
    }
    const result = el.result;
    result.className = `result result-${meta.tone}`;
    result.dataset.outcome = v.outcome;
    result.dataset.tone = meta.tone;

    const head = h('div', { className: 'result-head' }, iconNode(meta.tone));
    head.append(h('h3', { className: 'result-title', textContent: meta.title }));
    if (v.status) head.append(h('span', { className: 'badge', textContent: `HTTP ${v.status}` }));
    const nodes = [head];
    if (meta.lead) nodes.push(h('p', { className: 'result-lead', textContent: meta.lead }));
    nodes.push(messageNode(v.message));

    if (v.account) nodes.push(this.#accountNode(v.account));
    if (v.diagnostics?.length) {
      const list = h('ul', { className: 'diags result-diags' });
      // A suggestion from the live check (the address Jira knows) applies to the email field.
      list.append(...v.diagnostics.map((d) => this.#diagnosticNode(d, d.suggestion ? 'email' : null, this.#el.email.value)));
      nodes.push(list);
    }
    if (meta.terminal) {
      const box = h('div', { className: 'result-terminal', 'data-result-terminal': '' });
      box.append(
        h('p', {
          className: 'result-terminal-lead',
          textContent: 'Run one of these in a terminal. It asks for the token, so the token stays off the screen and out of your shell history.',
        }),
      );
      box.append(this.#resultCommand('curl', 'curl (macOS, Linux)'), this.#resultCommand('powershell', 'PowerShell 7 (Windows)'));
      nodes.push(box);
    }
    nodes.push(
      h('p', { className: 'stale', 'data-stale': '', hidden: true, textContent: 'You have changed the inputs since this check: check again to be sure.' }),
    );
    result.replaceChildren(...nodes);
    result.hidden = false;
    this.#renderResultCommands();
    this.#renderStale();

    const announced = v.outcome === 'verified' && v.account ? `${meta.title}: it belongs to ${v.account.displayName}.` : `${meta.title}. ${v.message}`;
    this.#announce(announced);
  }

  #accountNode(account) {
    const dl = h('dl', { className: 'account', 'data-account': '' });
    const row = (term, value, mono = false) =>
      dl.append(h('div', {}, h('dt', { textContent: term }), h('dd', { className: mono ? 'mono' : '', textContent: value })));
    row('Name', account.displayName);
    row('Email', account.emailAddress ?? 'Hidden by the account\u2019s profile settings');
    row('Account ID', account.accountId, true);
    row('Account type', account.accountType);
    row('Status', account.active ? 'Active' : 'Deactivated');
    return dl;
  }

  #resultCommand(key, label) {
    const template = document.createElement('template');
    template.innerHTML = referenceMarkup({ key: `result-${key}`, label, out: key }); // static markup only
    return template.content.firstElementChild;
  }

  #renderResultCommands() {
    const commands = this.#outputs?.commands;
    for (const pre of this.#root.querySelectorAll('[data-result-out]')) {
      const text = commands?.[pre.dataset.resultOut] ?? '';
      if (pre.textContent !== text) pre.textContent = text;
      pre.closest('.output').hidden = !text;
    }
  }

  #renderStale() {
    const stale = this.#root.querySelector('[data-stale]');
    if (stale) stale.hidden = this.#checkedVersion === this.#inputsVersion || this.#el.result.hidden;
  }

  // -------------------------------------------------------------------------------------------
  // Copying

  /** Each output's text, shown and copied: from the report, never read back from the DOM. */
  #texts() {
    const o = this.#outputs;
    return o && {
      name: o.name,
      value: o.value,
      metadata: o.metadataJson,
      domains: o.domainsField,
      'ref-value': o.references.value,
      'ref-domain': o.references.domain,
      'ref-username': o.references.username,
      'ref-baseUrl': o.references.baseUrl,
      curl: o.commands.curl,
      powershell: o.commands.powershell,
      'result-curl': o.commands.curl,
      'result-powershell': o.commands.powershell,
    };
  }

  async #copy(button) {
    const key = button.dataset.copy;
    const text = this.#texts()?.[key];
    if (text == null) return;
    const label = button.querySelector('.sr-only')?.textContent.trim() ?? 'it';
    const fallback = this.#root.querySelector(`[data-fallback="${key}"]`);
    try {
      await navigator.clipboard.writeText(text);
      fallback.hidden = true;
      this.#flashCopied(button);
      this.#announce(`Copied ${label}.`);
      return;
    } catch {
      // No Clipboard API (an insecure context, or permission denied): select the text instead.
    }
    if (key === 'value' && !this.#revealed) {
      this.#revealed = true;
      this.#renderValue();
    }
    const pre = button.closest('.output').querySelector('pre');
    const range = document.createRange();
    range.selectNodeContents(pre);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    fallback.hidden = false;
    this.#announce(`Could not copy automatically. ${label} is selected: press Control+C, or Command+C on a Mac, to copy it.`);
  }

  #flashCopied(button) {
    const text = button.querySelector('.copy-text');
    const icon = button.querySelector('.icon-wrap');
    text.textContent = 'Copied';
    button.classList.add('copied');
    icon.innerHTML = ICONS.check;
    clearTimeout(this.#copyTimers.get(button));
    this.#copyTimers.set(
      button,
      setTimeout(() => {
        text.textContent = 'Copy';
        button.classList.remove('copied');
        icon.innerHTML = ICONS.copy;
      }, COPIED_FOR_MS),
    );
  }

  #announce(message) {
    const live = this.#el.live;
    live.textContent = '';
    // A fresh text node after a tick, so the same message twice is announced twice.
    setTimeout(() => {
      live.textContent = message;
    }, 30);
  }
}

if (!customElements.get('tines-jira-credential')) {
  customElements.define('tines-jira-credential', TinesJiraCredential);
}
