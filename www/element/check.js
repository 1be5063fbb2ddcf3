// The live check and the pasted-answer panel: the "Check with Jira" button (when it can be
// pressed, and why not), where the check goes, running it with Cancel and Jira's rate limit, the
// terminal transcript a person pastes back, and the result panels for both. The module decides
// every verdict and writes every message; this draws them and sends the `check` event.

import { h, iconNode } from './dom.js';
import { accountNode, messageNode, permissionsNode } from './result.js';
import { routeSentence } from './route.js';
import { SEVERITY_LABEL, cutAtChars } from './fields.js';
import { WHOLE_VALUE_INPUT } from './timing.js';
import { live, loadLive } from './wasm.js';

/** After typing in the transcript box, how long a pause before it is read. */
const TRANSCRIPT_DELAY_MS = 200;
const MAX_COOLDOWN_S = 120;

/** Said when the second module (the live check and the reader) does not load: the element's own,
 *  shaped as the module's verdicts are, and no verdict (no `check` event). */
const LOAD_ERROR = {
  outcome: 'load-error',
  title: 'The check did not load',
  tone: 'error',
  terminal: false,
  verdict: false,
  message:
    'The part of this page that asks Jira and reads pasted answers did not load: check your connection and try again, or reload the page.',
  diagnostics: [],
};
/** The inputs the live check reads: a change to one makes an earlier result stale. */
const CHECKED_INPUTS = ['site', 'email', 'token', 'scoped', 'deployment'];

/** The inputs a finding belongs to: a change to any of them forgets it. */
const foundKey = (inputs) => `${inputs.site}\n${inputs.deployment ?? ''}\n${inputs.email}\n${inputs.token}`;

export class LiveCheck {
  #host;
  #root;
  #el;
  #messages;
  #announce;
  /** The last report and inputs; null until the module is in. */
  #report = null;
  #inputs = null;
  #checking = null; // AbortController of the check in progress
  #inputsVersion = 0;
  #checkedVersion = -1;
  #cooldown = 0;
  #cooldownLeft = 0;
  #transcriptTimer = 0;
  #lastTranscriptVerdict = null;
  /** What a verdict showed about the token and site, for the inputs it was given:
   *  { key, scoped, cloudId, accountId, accountName } (the name: Data Center's user name). */
  #found = null;
  #onFound;

  /** `messages`: the fields' FieldMessages (a Jira answer can suggest an email address). */
  constructor({ host, root, el, messages, announce, found }) {
    this.#onFound = found;
    this.#host = host;
    this.#root = root;
    this.#el = el;
    this.#messages = messages;
    this.#announce = announce;
  }

  wire() {
    const el = this.#el;
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
  }

  /** A new report from the module: the button and the route follow it. */
  update(report, inputs) {
    this.#report = report;
    this.#inputs = inputs;
    this.renderButton();
    this.renderRoute();
  }

  /** The inputs changed: a pasted transcript is read again against them, quietly. */
  rereadTranscript() {
    if (this.#el.transcript.value) this.#readTranscript({ fresh: false });
  }

  /** What a check or a pasted answer found for exactly these inputs (site, email, token), or null. */
  found(inputs) {
    return this.#found?.key === foundKey(inputs) ? this.#found : null;
  }

  /** Keeps what a verdict shows: a token with scopes (the gateway's verdict), the cloud id, and
   *  the account a verified token belongs to (the metadata carries it; replacing compares it). */
  #remember(v, inputs) {
    const scoped = v.route === 'scoped' && v.verdict;
    const cloudId = v.cloudId ?? '';
    const accountId = (v.outcome === 'verified' && v.account?.accountId) || '';
    const accountName = (v.outcome === 'verified' && v.account?.name) || '';
    if (!scoped && !cloudId && !accountId) return;
    const next = { key: foundKey(inputs), scoped, cloudId, accountId, accountName };
    const now = this.#found;
    if (now && ['key', 'scoped', 'cloudId', 'accountId', 'accountName'].every((k) => now[k] === next[k])) return;
    this.#found = next;
    this.#onFound();
  }

  /** An input changed: if the live check reads it, an earlier result no longer describes it. */
  inputChanged(field) {
    if (!CHECKED_INPUTS.includes(field)) return;
    this.#inputsVersion++;
    this.#renderStale();
  }

  /** The element left the page: cancel the check and every timer. */
  stop() {
    this.#checking?.abort();
    clearTimeout(this.#transcriptTimer);
    clearInterval(this.#cooldown);
    this.#cooldown = 0;
  }

  #canCheck() {
    const f = this.#report?.fields;
    return Boolean(this.#report?.check.ready && !this.#cooldown);
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
      this.renderButton();
    };
    this.#cooldown = setInterval(tick, 1000);
    tick();
  }

  renderButton() {
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
    if (!this.#report) hint = el.loadError.hidden ? 'Loading the checker\u2026' : 'The checker did not load.';
    else if (this.#cooldown) hint = `Jira asked to wait: you can check again in ${this.#cooldownLeft} s.`;
    else {
      const f = this.#report.fields;
      // Data Center has no email: the report leaves it out.
      const missing = [['site', f.site], ['email', f.email], ['token', f.token]].filter(([, r]) => r && !r.ok).map(([n]) => n);
      const list = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}` : missing[0];
      hint = `Fill in a valid ${list} first.`;
    }
    if (el.checkHint.textContent !== hint) el.checkHint.textContent = hint;
  }

  renderRoute() {
    const el = this.#el;
    const relay = this.#host.getAttribute('relay');
    el.route.dataset.via = relay ? 'relay' : 'direct';
    el.route.replaceChildren(...routeSentence(this.#report, { relay, scopedOption: el.scoped.checked }));
  }

  // -------------------------------------------------------------------------------------------
  // Running the check

  async #verify() {
    if (this.#checking || !this.#canCheck()) return;
    const report = this.#report;
    const f = report.fields;
    const controller = new AbortController();
    this.#checking = controller;
    const version = this.#inputsVersion;
    this.#el.result.hidden = true;
    // The Check button is unavailable while checking: hand keyboard focus to Cancel.
    const hadFocus = this.#root.activeElement === this.#el.check;
    this.renderButton();
    if (hadFocus) this.#el.cancel.focus();
    this.#announce('Checking with Jira\u2026');
    const options = { scoped: this.#el.scoped.checked, signal: controller.signal };
    const relay = this.#host.getAttribute('relay');
    if (relay !== null) options.relay = relay;
    const origin = this.#host.getAttribute('data-center-origin');
    if (origin !== null) options.dataCenterOrigin = origin;
    const timeout = Number(this.#host.getAttribute('timeout'));
    if (Number.isFinite(timeout) && timeout > 0) options.timeoutMs = timeout;

    let verification;
    let module = null;
    try {
      module = await loadLive();
    } catch {
      verification = { ...LOAD_ERROR, route: options.scoped ? 'scoped' : 'site' };
    }
    try {
      const deployment = this.#inputs.deployment;
      verification ??= await module.verifyCredential(
        { site: this.#inputs.site, email: this.#inputs.email, token: this.#inputs.token, ...(deployment ? { deployment } : {}) },
        options,
      );
    } catch (error) {
      // Only a programming error of the embedding page rejects (an invalid relay attribute): the
      // element's own verdict, shaped as the module's are, and no verdict.
      verification = {
        outcome: 'page-error',
        title: 'This page\u2019s relay setting is wrong',
        tone: 'error',
        terminal: false,
        verdict: false,
        route: options.scoped ? 'scoped' : 'site',
        message: error instanceof Error ? error.message : 'The check could not start.',
        diagnostics: [],
      };
    }
    this.#checking = null;
    this.#checkedVersion = version;
    if (version === this.#inputsVersion) this.#remember(verification, this.#inputs);
    if (verification.outcome === 'rate-limited') this.#coolDown(verification.retryAfterSeconds ?? 60);
    // A custom host is never fetched (the page's CSP allows only Atlassian Cloud): say so plainly.
    this.#renderResult(this.#el.result, verification, { customHost: f.site.ok && !report.check.fromBrowser });
    this.renderButton();
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
    if (!v.verdict) return;
    this.#host.dispatchEvent(new CustomEvent('check', { bubbles: true, detail: { outcome: v.outcome, route: v.route } }));
  }

  /** Reads the pasted output of a terminal command, with the module's interpreter. The text stays
   *  in the textarea: never copied anywhere, stored, logged or sent. */
  #readTranscript({ fresh }) {
    if (!this.#report) return;
    clearTimeout(this.#transcriptTimer);
    const el = this.#el;
    // Cut at one character past the module's own limit (counted as it counts, in characters).
    const text = cutAtChars(el.transcript.value, this.#report.limits.transcript + 1);
    if (!text.trim()) {
      el.transcriptResult.hidden = true;
      this.#lastTranscriptVerdict = null;
      return;
    }
    if (!live) {
      // The reader is in the second module: read the paste once it is in.
      loadLive().then(
        () => this.#readTranscript({ fresh }),
        () => {
          el.transcriptResult.hidden = false;
          this.#renderResult(el.transcriptResult, { ...LOAD_ERROR, route: 'site' }, { fromTranscript: true, announce: fresh });
        },
      );
      return;
    }
    const inputs = this.#inputs;
    const v = live.interpretTranscript(text, {
      site: inputs.site,
      email: inputs.email,
      scoped: inputs.scoped,
      ...(inputs.deployment ? { deployment: inputs.deployment } : {}),
    });
    const shown = JSON.stringify(v);
    if (!fresh && shown === this.#lastTranscriptVerdict) return;
    this.#lastTranscriptVerdict = shown;
    this.#renderResult(el.transcriptResult, v, { fromTranscript: true, announce: fresh });
    if (fresh) this.#verdict(v);
    this.#remember(v, inputs);
  }

  // -------------------------------------------------------------------------------------------
  // The result panels

  #renderResult(panel, v, { customHost = false, fromTranscript = false, announce = true } = {}) {
    // How the verdict is shown is the module's (its title, tone, lead, whether it points to the
    // terminal commands); only where the page itself knows more does it word things its own way.
    let meta = { tone: v.tone, title: v.title, lead: v.lead ?? null, terminal: v.terminal };
    if (customHost && v.outcome === 'blocked-by-browser') {
      meta = { ...meta, title: 'Check this site from a terminal', lead: null };
    }
    if (fromTranscript) meta = { ...meta, terminal: false, lead: null };
    panel.className = `result result-${meta.tone}`;
    panel.dataset.outcome = v.outcome;
    panel.dataset.tone = meta.tone;

    const head = h('div', { className: 'result-head' }, iconNode(meta.tone));
    const title = meta.title;
    const source = fromTranscript && v.verdict ? 'From what you pasted' : null;
    head.append(h('h4', { className: 'result-title' }, source && h('span', { className: 'result-source', textContent: source }), title));
    if (v.status) head.append(h('span', { className: 'badge', textContent: `HTTP ${v.status}` }));
    const nodes = [head];
    if (meta.lead) nodes.push(h('p', { className: 'result-lead', textContent: meta.lead }));
    nodes.push(messageNode(v.message));

    if (v.account) nodes.push(accountNode(v.account));
    if (v.permissions) nodes.push(permissionsNode(v.permissions));
    if (v.diagnostics?.length) {
      const list = h('ul', { className: 'diags result-diags' });
      list.append(...v.diagnostics.map((d) => this.#diagnosticNode(d)));
      nodes.push(list);
    }
    // The verdict points to the terminal commands: here, they are below the panel.
    panel.toggleAttribute('data-result-terminal', Boolean(meta.terminal));
    if (meta.terminal) {
      nodes.push(
        h('p', {
          className: 'result-terminal',
          textContent: 'The terminal check commands are below, under \u201CCheck from a terminal\u201D: paste what one prints into the field under them.',
        }),
      );
    }
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

  /** The first module's sentence for a field check's code: the second module re-checks the
   *  fields without their sentences (an invalid-input verdict carries codes only). */
  #sentence(code) {
    const fields = Object.values(this.#report?.fields ?? {});
    return fields.flatMap((f) => f?.diagnostics ?? []).find((d) => d.code === code)?.message ?? '';
  }

  /** A diagnostic of a verdict, in its result panel. */
  #diagnosticNode(d) {
    const li = h('li', { className: `diag diag-${d.severity}`, 'data-code': d.code, 'data-severity': d.severity });
    li.append(iconNode(d.severity));
    const body = h('div', { className: 'diag-body' });
    body.append(h('span', { className: 'diag-label', textContent: `${SEVERITY_LABEL[d.severity] ?? 'Note'}:` }), ' ');
    body.append(h('span', { className: 'diag-text', textContent: d.message || this.#sentence(d.code) }));
    // A suggestion from Jira's answer (the address it knows) applies to the email field.
    const messages = this.#messages;
    if (messages.offers('email', d.suggestion, this.#el.email.value)) body.append(' ', messages.useButton('email', d.suggestion));
    li.append(body);
    return li;
  }

  #renderStale() {
    const stale = this.#el.result.querySelector('[data-stale]');
    if (stale) stale.hidden = this.#checkedVersion === this.#inputsVersion || this.#el.result.hidden;
  }
}
