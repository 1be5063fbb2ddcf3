// <tines-jira-credential>: the form, the live check, the terminal check read back, and the outputs
// to paste into Tines. Every check, message and output comes from the wasm module (./pkg); this
// file only draws them and decides when to show them. Attributes, events and theming: README.md.
// The token stays in its input (and in the Value output while revealed); nothing is stored, logged
// or sent anywhere but to Jira, and only when "Check with Jira" is pressed.

// Where the module's files are, relative to this file. The build writes a minified copy of this
// file into pkg/ itself and sets this to './' there (scripts/build-element.mjs).
const PKG = './pkg/';
const GLUE_URL = new URL(`${PKG}tines_jira_credential.js`, import.meta.url).href;
const WASM_URL = new URL(`${PKG}tines_jira_credential_bg.wasm`, import.meta.url);
const STYLESHEET_URL = new URL('./tines-jira-credential.css', import.meta.url).href;

/** The module's exports once loaded. Typing works before that; the checks follow. */
let api = null;
let moduleReady;
function loadModule() {
  if (moduleReady) return moduleReady;
  // The wasm compiles (it needs no imports for that) while the glue loads, instead of after it.
  // Where a server sends the wasm with the wrong type, the glue fetches it again its own way.
  const compiled = WebAssembly.compileStreaming(fetch(WASM_URL)).catch(() => WASM_URL);
  moduleReady = Promise.all([import(GLUE_URL), compiled]).then(async ([glue, module]) => {
    await glue.default({ module_or_path: module });
    api = glue;
  });
  return moduleReady;
}

/** The longest the form waits for the module before it shows without it. */
const SHOW_WITHOUT_MODULE_MS = 200;
/** How long a person may pause while typing before a new problem in that field is shown. */
const PAUSE_MS = 1000;
const TRANSCRIPT_DELAY_MS = 200;
const COPIED_FOR_MS = 2000;
const TOKEN_HELP_URL = 'https://id.atlassian.com/manage-profile/security/api-tokens';
const MASK = '\u2022'.repeat(24);
const MAX_COOLDOWN_S = 120;

/**
 * Every input: the longest value that can be right. Past it the module says "too long" without
 * reading the rest, and the page hands it at most one character more, so a pasted megabyte costs
 * no more than a long value.
 */
const FIELDS = {
  site: { max: 2048 },
  email: { max: 254 },
  token: { max: 1024, secret: true },
  name: { max: 255 },
  expiresOn: { max: 32 },
  tinesTenant: { max: 2048 },
  teamId: { max: 64 },
};
const FIELD_NAMES = Object.keys(FIELDS);
/** Enter moves through these in order; on the last one it moves to "Check with Jira". */
const FORM_ORDER = ['site', 'email', 'token', 'name', 'expiresOn'];
/** The optional Tines API inputs: Enter moves on to the command they produce. */
const TINES_ORDER = ['tinesTenant', 'teamId'];
const TRANSCRIPT_MAX = 262_144;

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' };
const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };
/** Input types that deliver a whole value at once: checked at once, not after a pause. */
const WHOLE_VALUE_INPUT = /^(insertFromPaste|insertFromDrop|insertReplacementText|insertFromYank)$/;

// How each outcome is presented (its explanation comes from the module). `terminal`: the result
// points to the terminal commands below it.
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
    lead: 'This is how browsers normally behave with Jira Cloud, not a sign that anything you typed is wrong.',
    terminal: true,
  },
  unreachable: { tone: 'error', title: 'Your browser could not reach this site', terminal: true },
  'relay-error': { tone: 'warning', title: 'This site\u2019s relay had a problem', terminal: true },
  'not-a-transcript': { tone: 'warning', title: 'This is not what the check command prints' },
  timeout: { tone: 'warning', title: 'Jira did not answer in time', terminal: true },
  aborted: { tone: 'neutral', title: 'Check cancelled' },
  redirected: { tone: 'error', title: 'The site answered with a redirect' },
};
/** Outcomes that are no verdict: no `check` event. */
const NO_VERDICT = new Set(['aborted', 'page-error', 'not-a-transcript']);

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
  download:
    '<svg class="icon icon-line" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M8 2v8m-3.5-3.5L8 10l3.5-3.5M2.5 13.5h11"/></svg>',
};
ICONS.neutral = ICONS.info;

// ---------------------------------------------------------------------------------------------
// The static markup. Nothing a person types is ever put into HTML (it goes in with textContent).
// No style attributes: the page's CSP allows only same-origin stylesheets.

function fieldMarkup({ id, label, help, input, after = '', optional = false }) {
  return `
    <div class="field" data-field="${id}">
      <label class="label" for="${id}">${label}${optional ? ' <span class="optional">optional</span>' : ''}</label>
      <div class="control">${input}${after}</div>
      <ul class="diags" id="${id}-msgs" hidden></ul>
      <p class="help" id="${id}-help">${help}</p>
    </div>`;
}

const copyButton = (key, label) =>
  `<button type="button" class="btn btn-small copy" data-copy="${key}" part="button"><span class="icon-wrap">${ICONS.copy}</span><span class="copy-text">Copy</span><span class="sr-only"> ${label}</span></button>`;
const fallbackNote = (key) =>
  `<p class="copy-fallback" data-fallback="${key}" hidden>Selected: press Ctrl+C (or \u2318C on a Mac) to copy it.</p>`;

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
          ${copyButton(key, label)}
        </div>
      </div>
      <pre class="code" id="out-${key}" aria-labelledby="out-${key}-label"></pre>
      ${note}
      ${fallbackNote(key)}
    </div>`;
}

function referenceMarkup({ key, label, hint, level = 4 }) {
  return `
    <div class="output output-ref" data-output="${key}">
      <div class="output-head">
        <h${level} class="output-label" id="out-${key}-label">${label}</h${level}>
        ${copyButton(key, label)}
      </div>
      <pre class="code" id="out-${key}" aria-labelledby="out-${key}-label"></pre>
      ${hint ? `<p class="output-hint">${hint}</p>` : ''}
      ${fallbackNote(key)}
    </div>`;
}

/** The three check commands, one tab each. */
const COMMAND_TABS = [
  { key: 'curl', tab: 'curl', label: 'curl command', hint: 'macOS, Linux and Windows 10 or later. Paste the token when curl asks for the password.' },
  { key: 'powershell', tab: 'PowerShell 7', label: 'PowerShell 7 command', hint: 'PowerShell 7 (pwsh) on any system. Paste the token as the password in the prompt.' },
  {
    key: 'windowsPowershell',
    tab: 'Windows PowerShell 5.1',
    label: 'Windows PowerShell 5.1 command',
    hint: 'The PowerShell that comes with Windows. Paste the token as the password in the prompt.',
  },
];

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
          <p class="lede">Checked right here in your browser. Nothing leaves this page until you press \u201cCheck with Jira\u201d.</p>
        </div>
      </div>
      <div class="fields">
        ${fieldMarkup({
          id: 'site',
          label: 'Jira site',
          help: 'Your site\u2019s address, such as <code>acme.atlassian.net</code>. Pasting any link from the site works too.',
          input: `<input id="site" name="site" type="text" inputmode="url" autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="site-help" placeholder="e.g. acme.atlassian.net" part="input">`,
        })}
        ${fieldMarkup({
          id: 'email',
          label: 'Account email',
          help: 'The sign-in email of the Atlassian account that created the token.',
          input: `<input id="email" name="email" type="text" inputmode="email" autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="email-help" placeholder="e.g. jane@acme.com" part="input">`,
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
        ${fieldMarkup({
          id: 'expiresOn',
          label: 'Token expiry',
          optional: true,
          help: 'The expiry date you picked when you created the token, so Tines can remind you before it stops working.',
          input: `<input id="expiresOn" name="expiresOn" type="date" autocomplete="off" aria-describedby="expiresOn-help" part="input">`,
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
        <button type="button" class="btn btn-primary" id="check" aria-disabled="true" aria-describedby="check-hint route" part="button">Check with Jira</button>
        <button type="button" class="btn" id="cancel" part="button" hidden>Cancel</button>
        <span class="progress" id="progress" hidden><span class="spinner" aria-hidden="true"></span>Checking\u2026</span>
      </div>
      <p class="hint" id="check-hint" data-check-hint>Loading the checker\u2026</p>
      <div class="result" id="result" data-result hidden></div>

      <div class="subsection terminal" data-terminal>
        <h3 id="terminal-title">Check from a terminal</h3>
        <p class="sub-lede">Asks Jira the same question as the button, from your computer. Each command prompts for the token, so it never appears on screen or in your shell history.</p>
        <p class="empty empty-small" data-commands-empty>The commands appear once the site and email are valid.</p>
        <div class="command-tabs" data-commands hidden>
          <div class="tabs" role="tablist" aria-labelledby="terminal-title">
            ${COMMAND_TABS.map(
              (c, i) =>
                `<button type="button" class="tab" role="tab" id="tab-${c.key}" aria-controls="panel-${c.key}" aria-selected="${i === 0}" tabindex="${i === 0 ? 0 : -1}" data-tab="${c.key}" part="button">${c.tab}</button>`,
            ).join('')}
          </div>
          ${COMMAND_TABS.map(
            (c, i) => `
          <div class="tab-panel" role="tabpanel" id="panel-${c.key}" aria-labelledby="tab-${c.key}"${i === 0 ? '' : ' hidden'}>
            ${referenceMarkup({ key: c.key, label: c.label, hint: c.hint })}
          </div>`,
          ).join('')}
        </div>
        <div class="field transcript-field">
          <label class="label" for="transcript">Paste what the command printed</label>
          <textarea id="transcript" name="transcript" rows="5" autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="transcript-help" part="input"></textarea>
          <p class="help" id="transcript-help">Read here in your browser with the same rules as the button above, then forgotten: never stored and never sent.</p>
        </div>
        <div class="result" data-transcript-result hidden></div>
      </div>
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
            <li data-step-expiry></li>
            <li>Save.</li>
            <li>Test it: import the story below in Tines (<b>Stories \u2192 Import</b>), run its action, and read its event: status 200 and an <code>accountId</code> mean Tines can use the credential.</li>
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

      <div class="subsection" data-story>
        <h3 id="story-title">Test it in Tines</h3>
        <p class="sub-lede">A story with one HTTP Request action that asks Jira who the credential belongs to, the way Tines sends it: its metadata, its Domains restriction and its value together. It holds only references to the credential, never the token.</p>
        <div class="story-actions">
          <button type="button" class="btn" data-download="story" part="button"><span class="icon-wrap">${ICONS.download}</span><span>Download the story</span></button>
          ${copyButton('story', 'the story').replace('btn btn-small copy', 'btn copy')}
          <span class="story-file" data-story-file></span>
        </div>
        ${fallbackNote('story')}
        <details class="more">
          <summary part="button">Show the story\u2019s JSON</summary>
          <pre class="code code-tall" id="out-story" aria-labelledby="story-title" tabindex="0"></pre>
        </details>
      </div>

      <details class="subsection api" data-api>
        <summary part="button"><h3>Create it with Tines\u2019 API <span class="optional">optional</span></h3></summary>
        <p class="sub-lede">Instead of the form: a command that creates this credential in your tenant. It asks for a Tines API key and the Jira token without showing them, and neither ever appears on a command line.</p>
        <div class="fields fields-api">
          ${fieldMarkup({
            id: 'tinesTenant',
            label: 'Tines tenant',
            help: 'The address you open Tines at.',
            input: `<input id="tinesTenant" name="tinesTenant" type="text" inputmode="url" autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="tinesTenant-help" placeholder="e.g. acme.tines.com" part="input">`,
          })}
          ${fieldMarkup({
            id: 'teamId',
            label: 'Team id',
            help: 'The number after <code>/teams/</code> in the team\u2019s address in Tines.',
            input: `<input id="teamId" name="teamId" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" aria-describedby="teamId-help" placeholder="e.g. 12" part="input">`,
          })}
        </div>
        <p class="empty empty-small" data-api-empty>The commands appear once the tenant and team id are valid.</p>
        <div class="commands" data-api-commands hidden>
          ${referenceMarkup({ key: 'tinesApi', label: 'curl (macOS, Linux)', hint: 'Prints Tines\u2019 answer: 201 with the new credential, or the reason it refused.' })}
          ${referenceMarkup({ key: 'tinesApiPowershell', label: 'PowerShell 7', hint: 'The same, in PowerShell 7 (pwsh).' })}
        </div>
      </details>
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

/** "light", "dark", or null (both or neither) from a color-scheme value such as "light dark". */
function schemeOf(value) {
  const words = String(value ?? '').split(/\s+/);
  const light = words.includes('light');
  const dark = words.includes('dark');
  return light === dark ? null : light ? 'light' : 'dark';
}

/**
 * The groups of messages one field shows: diagnostics that suggest the same correction become one
 * message with one Use button; notes (info) become one quiet line. Each group has a stable `key`.
 */
function messageGroups(field, result, typed) {
  const secret = FIELDS[field]?.secret;
  const loud = new Map();
  const notes = [];
  for (const d of result.diagnostics) {
    const suggestion = secret ? undefined : d.suggestion;
    if (d.severity === 'info') notes.push({ ...d, suggestion });
    else {
      const key = suggestion !== undefined ? `s:${suggestion}` : `c:${d.code}`;
      const group = loud.get(key) ?? { severity: d.severity, diags: [], suggestion };
      if (SEVERITY_RANK[d.severity] > SEVERITY_RANK[group.severity]) group.severity = d.severity;
      group.diags.push(d);
      loud.set(key, group);
    }
  }
  // A note about the same correction as a warning or error joins it.
  const quiet = [];
  for (const note of notes) {
    const group = note.suggestion !== undefined ? loud.get(`s:${note.suggestion}`) : undefined;
    if (group) group.diags.push(note);
    else quiet.push(note);
  }
  const groups = [...loud.values()].map((g) => ({
    severity: g.severity,
    codes: g.diags.map((d) => d.code),
    text: g.diags.map((d) => d.message).join(' '),
    suggestion: g.suggestion,
    quiet: false,
  }));
  // What the check uses, where it is not what was typed and no message says so already.
  const uses =
    !secret &&
    result.ok &&
    result.value != null &&
    result.value !== typed &&
    !groups.some((g) => g.suggestion === result.value) &&
    !quiet.some((d) => d.message.includes(result.value))
      ? result.value
      : null;
  if (quiet.length || uses !== null) {
    groups.push({
      severity: 'info',
      codes: quiet.map((d) => d.code),
      text: quiet.map((d) => d.message).join(' '),
      uses,
      quiet: true,
    });
  }
  for (const g of groups) g.key = JSON.stringify([g.severity, g.codes, g.text, g.suggestion ?? null, g.uses ?? null]);
  return groups;
}

export class TinesJiraCredential extends HTMLElement {
  static observedAttributes = ['site', 'name', 'relay', 'theme', 'timeout'];

  #root = this.attachShadow({ mode: 'open' });
  #internals = this.attachInternals();
  #el = {};
  #touched = Object.fromEntries(FIELD_NAMES.map((f) => [f, false]));
  /** Fields being typed in: the timer that settles them after a pause. */
  #pending = {};
  /** What each field's message list shows: groups, each possibly `gone` (fixed while typing). */
  #display = Object.fromEntries(FIELD_NAMES.map((f) => [f, []]));
  #report = null;
  #ready = false;
  #checking = null; // AbortController of the check in progress
  #inputsVersion = 0;
  #checkedVersion = -1;
  #revealed = false;
  #copyTimers = new Map();
  #transcriptTimer = 0;
  #lastTranscriptVerdict = null;
  #built = false;
  #themeWatch = null;
  #scheme = 'light';

  connectedCallback() {
    // The theme first: reading the page's color-scheme before the form's markup is in costs a
    // style pass over the page alone, not over the whole form as well.
    this.#watchTheme();
    if (!this.#built) this.#build();
  }

  #build() {
    this.#built = true;
    this.#root.innerHTML = TEMPLATE;
    const $ = (sel) => this.#root.querySelector(sel);
    const el = this.#el;
    el.wrap = $('.tjc');
    el.live = $('[data-live]');
    el.loadError = $('[data-load-error]');
    el.form = $('form');
    for (const f of FIELD_NAMES) {
      el[f] = $(`#${f}`);
      el[`${f}Msgs`] = $(`#${f}-msgs`);
    }
    el.tokenToggle = $('[data-token-toggle]');
    el.scoped = $('#scoped');
    el.route = $('[data-route]');
    el.check = $('#check');
    el.cancel = $('#cancel');
    el.progress = $('#progress');
    el.checkHint = $('[data-check-hint]');
    el.result = $('[data-result]');
    el.commands = $('[data-commands]');
    el.commandsEmpty = $('[data-commands-empty]');
    el.transcript = $('#transcript');
    el.transcriptResult = $('[data-transcript-result]');
    el.outputsEmpty = $('[data-outputs-empty]');
    el.outputs = $('[data-outputs]');
    el.valueNote = $('[data-value-note]');
    el.reveal = $('[data-reveal]');
    el.key = $('[data-key]');
    el.expiryStep = $('[data-step-expiry]');
    el.storyFile = $('[data-story-file]');
    el.api = $('[data-api]');
    el.apiEmpty = $('[data-api-empty]');
    el.apiCommands = $('[data-api-commands]');

    // Show the form once its stylesheet is in (or has failed), so it never flashes unstyled, and
    // once the module is in or SHOW_WITHOUT_MODULE_MS have passed: laying out a form nobody sees
    // yet would only hold up the module, and a slow module must not hold up the form (typing
    // works without it; the checks follow).
    const link = $('link');
    const styled = link.sheet
      ? Promise.resolve()
      : new Promise((resolve) => {
          link.addEventListener('load', resolve, { once: true });
          link.addEventListener('error', resolve, { once: true });
        });
    const waited = new Promise((resolve) => setTimeout(resolve, SHOW_WITHOUT_MODULE_MS));
    const show = () => el.wrap.removeAttribute('hidden');
    styled.then(() => Promise.race([loadModule(), waited])).then(show, show);

    el.site.value = this.getAttribute('site') ?? '';
    el.name.value = this.getAttribute('name') ?? 'Jira';
    // A value the embedding page provides counts as touched: its messages show at once.
    this.#touched.site = el.site.value !== '';

    this.#wire();
    el.wrap.dataset.scheme = this.#scheme;
    this.#renderRoute();
    this.#renderCheckButton();

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
        el.checkHint.textContent = 'The checker did not load.';
      },
    );
  }

  attributeChangedCallback(attr, _old, value) {
    if (!this.#built) return;
    if ((attr === 'site' || attr === 'name') && !this.#touched[attr]) {
      this.#el[attr].value = value ?? (attr === 'name' ? 'Jira' : '');
      if (attr === 'site') this.#touched.site = this.#el.site.value !== '';
      this.#inputChanged(attr);
      this.#update();
    }
    if (attr === 'relay') this.#renderRoute();
    if (attr === 'theme') this.#applyTheme();
  }

  disconnectedCallback() {
    this.#checking?.abort();
    for (const timer of Object.values(this.#pending)) clearTimeout(timer);
    this.#pending = {};
    clearTimeout(this.#transcriptTimer);
    clearInterval(this.#cooldown);
    this.#cooldown = 0;
    this.#themeWatch?.();
    this.#themeWatch = null;
  }

  // -------------------------------------------------------------------------------------------
  // Theme: the `theme` attribute, else the host page's color-scheme, else the system's.

  #applyTheme() {
    const attr = this.getAttribute('theme');
    let scheme = attr === 'light' || attr === 'dark' ? attr : null;
    if (!scheme) {
      // color-scheme is inherited, so the host element's computed value is the page's CSS; a page
      // that sets it only with <meta name="color-scheme"> says so there. "light dark" (or nothing
      // at all) leaves it to the system.
      const page = getComputedStyle(this).colorScheme.trim();
      scheme = schemeOf(page);
      if (!scheme && /^(normal)?$/.test(page)) scheme = schemeOf(document.querySelector('meta[name="color-scheme"]')?.content);
      scheme ??= matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    }
    this.#scheme = scheme;
    if (this.#el.wrap && this.#el.wrap.dataset.scheme !== scheme) this.#el.wrap.dataset.scheme = scheme;
    // For the host page's own rules: tines-jira-credential:state(dark) { --tjc-accent: … }
    try {
      if (scheme === 'dark') this.#internals.states.add('dark');
      else this.#internals.states.delete('dark');
    } catch {
      // A browser without custom states: the element still themes itself.
    }
  }

  /** Follow the system setting and the host page's own theme switches (class, style, data-*). */
  #watchTheme() {
    if (this.#themeWatch) return;
    const media = matchMedia('(prefers-color-scheme: dark)');
    const apply = () => this.#applyTheme();
    media.addEventListener('change', apply);
    const observer = new MutationObserver(apply);
    for (const node of [document.documentElement, document.body].filter(Boolean)) observer.observe(node, { attributes: true });
    this.#themeWatch = () => {
      media.removeEventListener('change', apply);
      observer.disconnect();
    };
    apply();
  }

  // -------------------------------------------------------------------------------------------
  // Events

  #wire() {
    const el = this.#el;
    for (const f of FIELD_NAMES) {
      el[f].addEventListener('input', (event) => {
        this.#touched[f] = true;
        this.#inputChanged(f);
        clearTimeout(this.#pending[f]);
        if (WHOLE_VALUE_INPUT.test(event.inputType ?? '')) delete this.#pending[f];
        else this.#pending[f] = setTimeout(() => this.#settle(f), PAUSE_MS);
        this.#update();
      });
      el[f].addEventListener('blur', () => {
        this.#touched[f] = true;
        this.#settle(f);
      });
      el[f].addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
        // Enter never sends anything: it moves on, as Tab would.
        event.preventDefault();
        this.#enterFrom(f);
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
    // Only an explicit press of "Check with Jira" sends anything; the form itself never submits.
    el.form.addEventListener('submit', (event) => event.preventDefault());
    el.check.addEventListener('click', () => {
      if (this.#canCheck() && !this.#checking) this.#verify();
      else if (!this.#checking) this.#announce(el.checkHint.textContent);
    });
    el.cancel.addEventListener('click', () => this.#checking?.abort());
    el.transcript.addEventListener('input', (event) => {
      clearTimeout(this.#transcriptTimer);
      // A paste is read at once; typing (or editing the paste) once the person stops.
      if (WHOLE_VALUE_INPUT.test(event.inputType ?? '')) this.#readTranscript({ fresh: true });
      else this.#transcriptTimer = setTimeout(() => this.#readTranscript({ fresh: true }), TRANSCRIPT_DELAY_MS);
    });
    this.#root.addEventListener('click', (event) => {
      const copy = event.target.closest?.('[data-copy]');
      if (copy && this.#root.contains(copy)) this.#copy(copy);
      const download = event.target.closest?.('[data-download]');
      if (download && this.#root.contains(download)) this.#download();
      const tab = event.target.closest?.('[role="tab"]');
      if (tab && this.#root.contains(tab)) this.#selectTab(tab);
    });
    this.#root.querySelector('[role="tablist"]').addEventListener('keydown', (event) => this.#tabKey(event));
    el.api.addEventListener('toggle', () => this.#renderApi());
  }

  /** Enter in a field: on to the next field; from the last one, to "Check with Jira". */
  #enterFrom(field) {
    this.#touched[field] = true;
    this.#settle(field);
    const el = this.#el;
    const order = TINES_ORDER.includes(field) ? TINES_ORDER : FORM_ORDER;
    const next = order[order.indexOf(field) + 1];
    if (next) el[next].focus();
    else if (order === FORM_ORDER) el.check.focus(); // its description (aria-describedby) says what it still needs
    else {
      const copy = this.#root.querySelector('[data-copy="tinesApi"]');
      if (copy && !copy.closest('[hidden]')) copy.focus();
    }
  }

  /** The person paused or left the field: show what its check says now. */
  #settle(field) {
    clearTimeout(this.#pending[field]);
    delete this.#pending[field];
    this.#update();
  }

  /** An input that feeds the live check changed: an earlier result no longer describes it. */
  #inputChanged(field) {
    if (!['site', 'email', 'token', 'scoped'].includes(field)) return;
    this.#inputsVersion++;
    this.#renderStale();
  }

  #applySuggestion(field, suggestion) {
    const input = this.#el[field];
    input.value = suggestion;
    this.#touched[field] = true;
    this.#inputChanged(field);
    this.#settle(field);
    input.focus();
    this.#announce(`Now using ${suggestion}.`);
  }

  #selectTab(tab, { focus = false } = {}) {
    for (const t of this.#root.querySelectorAll('[role="tab"]')) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      this.#root.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
  }

  #tabKey(event) {
    const tabs = [...this.#root.querySelectorAll('[role="tab"]')];
    const at = tabs.indexOf(this.#root.activeElement);
    if (at < 0) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    this.#selectTab(tabs[(to + tabs.length) % tabs.length], { focus: true });
  }

  // -------------------------------------------------------------------------------------------
  // Checks and rendering

  /** What the module is given: each value cut at one character past its field's maximum. */
  #inputs() {
    const el = this.#el;
    const value = (f) => {
      const text = el[f].value;
      return text.length > FIELDS[f].max ? text.slice(0, FIELDS[f].max + 1) : text;
    };
    return {
      site: value('site'),
      email: value('email'),
      token: value('token'),
      name: value('name'),
      expiresOn: value('expiresOn'),
      tinesTenant: value('tinesTenant'),
      teamId: value('teamId'),
      scoped: el.scoped.checked,
    };
  }

  #update() {
    if (!this.#ready) return;
    const inputs = this.#inputs();
    const report = api.buildCredential(inputs);
    this.#report = report;
    this.#inputsNow = inputs;
    for (const f of FIELD_NAMES) this.#renderField(f, report.fields[f], inputs[f]);
    this.#renderCheckButton();
    this.#renderRoute();
    this.#renderOutputs(report.outputs);
    if (this.#el.transcript.value) this.#readTranscript({ fresh: false });
  }

  #inputsNow = null;

  #renderField(field, result, typed) {
    const el = this.#el;
    const input = el[field];
    const list = el[`${field}Msgs`];
    const next = this.#touched[field] ? messageGroups(field, result, typed) : [];
    let display;
    if (this.#pending[field] === undefined) display = next;
    else {
      // While the person types: nothing new until they pause; what they fixed goes at once, but
      // keeps its room until the pause, so the fields below do not move.
      const present = new Set(next.map((g) => g.key));
      display = this.#display[field].map((g) => (present.has(g.key) ? g : { ...g, gone: true }));
    }
    this.#display[field] = display;

    const shownKeys = [...list.children].map((li) => li.dataset.group);
    if (JSON.stringify(shownKeys) !== JSON.stringify(display.map((g) => g.key))) {
      const byKey = new Map([...list.children].map((li) => [li.dataset.group, li]));
      list.replaceChildren(...display.map((g) => byKey.get(g.key) ?? this.#groupNode(g, field, typed)));
    }
    for (const li of list.children) {
      const gone = display.find((g) => g.key === li.dataset.group)?.gone ?? false;
      li.classList.toggle('gone', gone);
      if (gone) li.setAttribute('aria-hidden', 'true');
      else li.removeAttribute('aria-hidden');
    }
    const visible = display.filter((g) => !g.gone);
    list.hidden = display.length === 0;

    const invalid = visible.some((g) => g.severity === 'error');
    if (invalid) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    const describedBy = [visible.length && list.id, `${field}-help`].filter(Boolean).join(' ');
    if (input.getAttribute('aria-describedby') !== describedBy) input.setAttribute('aria-describedby', describedBy);
    input.closest('.field').classList.toggle('field-invalid', invalid);
  }

  /** One message: a box with a severity word and maybe a Use button, or a quiet line for notes. */
  #groupNode(g, field, typed) {
    const li = h('li', {
      className: g.quiet ? 'diag diag-quiet' : `diag diag-${g.severity}`,
      'data-code': g.codes[0] ?? 'uses',
      'data-codes': g.codes.join(' '),
      'data-severity': g.severity,
      'data-group': g.key,
    });
    li.append(iconNode(g.severity));
    const body = h('div', { className: 'diag-body' });
    body.append(h('span', { className: g.quiet ? 'diag-label sr-only' : 'diag-label', textContent: `${SEVERITY_LABEL[g.severity]}:` }), ' ');
    const text = h('span', { className: 'diag-text' });
    if (g.uses != null) text.append('Uses ', h('code', { textContent: g.uses }), g.text ? '. ' : '.');
    text.append(g.text);
    body.append(text);
    if (!g.quiet && this.#offers(field, g.suggestion, typed)) body.append(' ', this.#useButton(field, g.suggestion));
    li.append(body);
    return li;
  }

  /** A Use button only for a correction the check itself accepts without a word of warning. */
  #offers(field, suggestion, typed) {
    if (suggestion == null || suggestion === typed || !field || FIELDS[field]?.secret || !api) return false;
    const result = api.buildCredential({ ...this.#inputsNow, [field]: suggestion }).fields[field];
    return result.ok && result.diagnostics.every((d) => d.severity === 'info');
  }

  #useButton(field, suggestion) {
    const use = h('button', { type: 'button', className: 'btn btn-small btn-suggest', 'data-suggestion': '' });
    use.setAttribute('part', 'button');
    use.append('Use ', h('code', { textContent: suggestion }));
    use.addEventListener('click', () => this.#applySuggestion(field, suggestion));
    return use;
  }

  /** A diagnostic of a verdict, in its result panel. */
  #resultDiagnosticNode(d) {
    const li = h('li', { className: `diag diag-${d.severity}`, 'data-code': d.code, 'data-severity': d.severity });
    li.append(iconNode(d.severity));
    const body = h('div', { className: 'diag-body' });
    body.append(h('span', { className: 'diag-label', textContent: `${SEVERITY_LABEL[d.severity] ?? 'Note'}:` }), ' ');
    body.append(h('span', { className: 'diag-text', textContent: d.message }));
    // A suggestion from Jira's answer (the address it knows) applies to the email field.
    if (this.#offers('email', d.suggestion, this.#el.email.value)) body.append(' ', this.#useButton('email', d.suggestion));
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
    const available = !checking && this.#canCheck();
    // Unavailable, it stays focusable (aria-disabled, not disabled) and its hint says why.
    if (available) el.check.removeAttribute('aria-disabled');
    else el.check.setAttribute('aria-disabled', 'true');
    el.cancel.hidden = !checking;
    el.progress.hidden = !checking;
    el.checkHint.hidden = checking || available;
    // A hidden hint must not stay in the button's description.
    el.check.setAttribute('aria-describedby', el.checkHint.hidden ? 'route' : 'check-hint route');
    let hint;
    if (!this.#ready) hint = el.loadError.hidden ? 'Loading the checker\u2026' : 'The checker did not load.';
    else if (this.#cooldown) hint = `Jira asked to wait: you can check again in ${this.#cooldownLeft} s.`;
    else {
      const f = this.#report.fields;
      const missing = [['site', f.site], ['email', f.email], ['token', f.token]].filter(([, r]) => !r.ok).map(([n]) => n);
      const list = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}` : missing[0];
      hint = `Fill in a valid ${list} first.`;
    }
    if (el.checkHint.textContent !== hint) el.checkHint.textContent = hint;
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
        ' is not an Atlassian Cloud address, so it cannot be checked from this page: use a terminal command below instead.',
      );
      return;
    }
    const target = host ? h('code', { textContent: host }) : 'your Jira site';
    const parts = ['The check goes ', route, ' to ', target];
    if (scoped) parts.push(' (for its cloud id), then to ', h('code', { textContent: 'api.atlassian.com' }));
    if (relay) parts.push(' (', h('code', { textContent: relay }), ').');
    else
      parts.push(
        '. Jira Cloud usually keeps its answer from other web pages; when it does, run a terminal command below and paste what it printed.',
      );
    el.route.replaceChildren(...parts);
  }

  #renderOutputs(outputs) {
    const el = this.#el;
    el.outputs.hidden = !outputs;
    el.outputsEmpty.hidden = Boolean(outputs);
    el.commands.hidden = !outputs;
    el.commandsEmpty.hidden = Boolean(outputs);
    this.#outputs = outputs;
    if (!outputs) return;
    for (const [key, text] of Object.entries(this.#texts())) if (key !== 'value' && text != null) this.#setText(key, text);
    this.#renderValue();
    el.key.textContent = outputs.credentialKey;
    if (el.storyFile.textContent !== outputs.tinesStoryFileName) el.storyFile.textContent = outputs.tinesStoryFileName;
    this.#renderExpiryStep(outputs.expiresAt);
    this.#renderApi();
  }

  #outputs = null;

  #renderExpiryStep(expiresAt) {
    const step = this.#el.expiryStep;
    if (step.dataset.expiresAt === String(expiresAt)) return;
    step.dataset.expiresAt = String(expiresAt);
    if (expiresAt) {
      step.replaceChildren(
        'Set the credential\u2019s expiry to ',
        h('time', { dateTime: expiresAt, textContent: expiresAt.slice(0, 10) }),
        ', the day the token expires, so Tines reminds you before it stops working.',
      );
    } else {
      step.replaceChildren(
        'Set the credential\u2019s expiry to match the token\u2019s: API tokens expire within a year, so Tines can remind you before it stops working.',
      );
    }
  }

  #renderApi() {
    const commands = this.#outputs?.commands;
    const available = Boolean(commands?.tinesApi);
    this.#el.apiCommands.hidden = !available;
    this.#el.apiEmpty.hidden = available;
  }

  #setText(key, text) {
    const pre = this.#root.getElementById(`out-${key}`);
    if (pre && pre.textContent !== text) pre.textContent = text;
  }

  #renderValue() {
    const el = this.#el;
    const pre = this.#root.getElementById('out-value');
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
    // The Check button is unavailable while checking: hand keyboard focus to Cancel.
    const hadFocus = this.#root.activeElement === this.#el.check;
    this.#renderCheckButton();
    if (hadFocus) this.#el.cancel.focus();
    this.#announce('Checking with Jira\u2026');
    const options = { scoped: this.#el.scoped.checked, signal: controller.signal };
    const relay = this.getAttribute('relay');
    if (relay !== null) options.relay = relay;
    const timeout = Number(this.getAttribute('timeout'));
    if (Number.isFinite(timeout) && timeout > 0) options.timeoutMs = timeout;

    let verification;
    try {
      verification = await api.verifyCredential({ site: f.site.value, email: f.email.value, token: f.token.value }, options);
    } catch (error) {
      // Only a programming error of the embedding page rejects (an invalid relay attribute).
      verification = {
        outcome: 'page-error',
        route: options.scoped ? 'scoped' : 'site',
        message: error instanceof Error ? error.message : 'The check could not start.',
        diagnostics: [],
      };
    }
    this.#checking = null;
    this.#checkedVersion = version;
    if (verification.outcome === 'rate-limited') this.#coolDown(verification.retryAfterSeconds ?? 60);
    // A custom host is never fetched (the page's CSP allows only Atlassian Cloud): say so plainly.
    this.#renderResult(this.#el.result, verification, { customHost: f.site.kind === 'custom' });
    this.#renderCheckButton();
    this.#verdict(verification);
    // Never leave keyboard focus on the now hidden Cancel button (or nowhere):
    // back to Check, or to the result while Check waits out a rate limit.
    const active = this.#root.activeElement;
    const lost = active === null || active === this.#el.cancel;
    if (verification.outcome === 'aborted' || (hadFocus && lost)) {
      if (this.#el.check.hasAttribute('aria-disabled')) {
        this.#el.result.tabIndex = -1;
        this.#el.result.focus();
      } else {
        this.#el.check.focus();
      }
    }
  }

  /** Tells the host page that a check gave a verdict: the outcome and route, nothing typed. */
  #verdict(v) {
    if (NO_VERDICT.has(v.outcome)) return;
    this.dispatchEvent(new CustomEvent('check', { bubbles: true, detail: { outcome: v.outcome, route: v.route } }));
  }

  /** Reads the pasted output of a terminal command, with the module's interpreter. The text stays
   *  in the textarea: never copied anywhere, stored, logged or sent. */
  #readTranscript({ fresh }) {
    if (!this.#ready) return;
    clearTimeout(this.#transcriptTimer);
    const el = this.#el;
    const text = el.transcript.value.slice(0, TRANSCRIPT_MAX);
    if (!text.trim()) {
      el.transcriptResult.hidden = true;
      this.#lastTranscriptVerdict = null;
      return;
    }
    const inputs = this.#inputsNow;
    const v = api.interpretTranscript(text, { site: inputs.site, email: inputs.email, scoped: inputs.scoped });
    const shown = JSON.stringify(v);
    if (!fresh && shown === this.#lastTranscriptVerdict) return;
    this.#lastTranscriptVerdict = shown;
    this.#renderResult(el.transcriptResult, v, { fromTranscript: true, announce: fresh });
    if (fresh) this.#verdict(v);
  }

  #renderResult(panel, v, { customHost = false, fromTranscript = false, announce = true } = {}) {
    let meta = OUTCOMES[v.outcome] ?? {
      tone: 'error',
      title: v.outcome === 'page-error' ? 'This page\u2019s relay setting is wrong' : 'Jira answered',
    };
    if (customHost && v.outcome === 'blocked-by-browser') {
      meta = { ...meta, title: 'Check this site from a terminal', lead: null };
    }
    if (fromTranscript) meta = { ...meta, terminal: false, lead: null };
    panel.className = `result result-${meta.tone}`;
    panel.dataset.outcome = v.outcome;
    panel.dataset.tone = meta.tone;

    const head = h('div', { className: 'result-head' }, iconNode(meta.tone));
    const title = meta.title;
    const source = fromTranscript && v.outcome !== 'not-a-transcript' ? 'From what you pasted' : null;
    head.append(h('h4', { className: 'result-title' }, source && h('span', { className: 'result-source', textContent: source }), title));
    if (v.status) head.append(h('span', { className: 'badge', textContent: `HTTP ${v.status}` }));
    const nodes = [head];
    if (meta.lead) nodes.push(h('p', { className: 'result-lead', textContent: meta.lead }));
    nodes.push(messageNode(v.message));

    if (v.account) nodes.push(this.#accountNode(v.account));
    if (v.diagnostics?.length) {
      const list = h('ul', { className: 'diags result-diags' });
      list.append(...v.diagnostics.map((d) => this.#resultDiagnosticNode(d)));
      nodes.push(list);
    }
    // The module's message sends the person to the terminal commands below the panel.
    panel.toggleAttribute('data-result-terminal', Boolean(meta.terminal));
    if (!fromTranscript) {
      nodes.push(
        h('p', { className: 'stale', 'data-stale': '', hidden: true, textContent: 'You have changed the inputs since this check: check again to be sure.' }),
      );
    }
    panel.replaceChildren(...nodes);
    panel.hidden = false;
    if (!fromTranscript) this.#renderStale();

    if (announce) {
      const said = source ? `${source}: ${title}` : title;
      const announced = v.outcome === 'verified' && v.account ? `${said}: it belongs to ${v.account.displayName}.` : `${said}. ${v.message}`;
      this.#announce(announced);
    }
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

  #renderStale() {
    const stale = this.#el.result.querySelector('[data-stale]');
    if (stale) stale.hidden = this.#checkedVersion === this.#inputsVersion || this.#el.result.hidden;
  }

  // -------------------------------------------------------------------------------------------
  // Copying and downloading

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
      windowsPowershell: o.commands.windowsPowershell,
      tinesApi: o.commands.tinesApi,
      tinesApiPowershell: o.commands.tinesApiPowershell,
      story: o.tinesStory,
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
    const pre = this.#root.getElementById(`out-${key}`);
    pre.closest('details')?.setAttribute('open', '');
    const range = document.createRange();
    range.selectNodeContents(pre);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    fallback.hidden = false;
    this.#announce(`Could not copy automatically. ${label} is selected: press Control+C, or Command+C on a Mac, to copy it.`);
  }

  /** The story as a file: made here, from the module's text, and handed to the browser. */
  #download() {
    const o = this.#outputs;
    if (!o) return;
    const url = URL.createObjectURL(new Blob([o.tinesStory], { type: 'application/json' }));
    const link = h('a', { href: url, download: o.tinesStoryFileName });
    this.#root.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    this.#announce(`Downloaded ${o.tinesStoryFileName}.`);
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
  // Start on the module at once, while the first element builds its form: the glue and the wasm
  // then load and compile alongside the form's markup and layout instead of after them.
  loadModule().catch(() => {}); // each element reports a failure itself
  customElements.define('tines-jira-credential', TinesJiraCredential);
}
