// The <tines-jira-credential> element itself: its attributes, lifecycle and events, and the
// person's way through the form (typing, leaving a field, Enter, a suggested correction). It
// builds the shadow tree from template.js and hands each part to its module: fields.js and
// timing.js for the messages under the inputs, check.js for the live check and pasted answers,
// outputs.js for what to paste into Tines, theme.js for light and dark. The token stays in its
// input (and in the Value output while revealed); nothing is stored, logged or sent anywhere but
// to Jira, and only when "Check with Jira" is pressed.

import { LiveCheck } from './check.js';
import { announce } from './dom.js';
import { DAILY_ORDER, FIELD_NAMES, FORM_ORDER, TINES_ORDER, FieldMessages, fieldInputs, messageGroups } from './fields.js';
import { Outputs } from './outputs.js';
import { JiraKind } from './jira-kind.js';
import { template } from './template.js';
import { Theme } from './theme.js';
import { PAUSE_MS, Timing } from './timing.js';
import { api, live, loadLive, loadModule, locateModule, mark } from './wasm.js';

/** The two jobs: a new credential, or a new token for an existing one (the `job` attribute). */
const JOBS = ['new', 'replace'];
/** The credential's account while the second module, which checks it, is on its way. */
const NOT_READ = { ok: true, value: null, diagnostics: [] };

/** The shadow tree's markup, made once the stylesheet's URL is known (locateFiles). */
let markup = null;

/** Where the element's files are: the entry file says, before the element is defined. */
export function locateFiles({ glue, wasm, liveGlue, liveWasm, stylesheet }) {
  locateModule({ glue, wasm, liveGlue, liveWasm });
  markup = template(stylesheet);
}

export class TinesJiraCredential extends HTMLElement {
  static observedAttributes = ['site', 'name', 'relay', 'theme', 'timeout', 'job', 'deployment', 'data-center-origin'];

  #root = this.attachShadow({ mode: 'open' });
  #internals = this.attachInternals();
  #el = {};
  #timing = new Timing(FIELD_NAMES);
  /** Fields being typed in: the timer that tells #timing the person paused. */
  #pauseTimers = {};
  #theme = new Theme(this, this.#internals);
  #messages = null;
  #check = null;
  #outputs = null;
  /** How much of each input the module reads, from its last report. */
  #limits = null;
  /** The name a credential gets when none is typed: the module's, once it is in. */
  #defaultName = '';
  /** Says something to screen readers, through the live region. */
  #say = null;
  #ready = false;
  #built = false;
  /** 'new' or 'replace': which job the form is doing. */
  #job = 'new';
  /** Which Jira the form is for, and what follows from it. */
  #kind = null;

  connectedCallback() {
    // The theme first: reading the page's color-scheme before the form's markup is in costs a
    // style pass over the page alone, not over the whole form as well.
    this.#theme.watch();
    if (!this.#built) this.#build();
  }

  #build() {
    this.#built = true;
    this.#root.innerHTML = markup;
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
    el.which = $('[data-which]');
    el.deployments = this.#root.querySelectorAll('input[name="deployment"]');
    el.tunnel = $('#tunnel');
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
    el.expirySteps = this.#root.querySelectorAll('[data-step-expiry]');
    el.jobs = this.#root.querySelectorAll('input[name="job"]');
    el.accountMatch = $('[data-account-match]');
    el.replaceName = $('[data-replace-name]');
    el.storyFile = $('[data-story-file]');
    el.dailyFile = $('[data-daily-file]');
    el.dailyEmpty = $('[data-daily-empty]');
    el.dailyReady = $('[data-daily-ready]');
    el.api = $('[data-api]');
    el.apiEmpty = $('[data-api-empty]');
    el.apiCommands = $('[data-api-commands]');
    el.cloudIdNote = $('[data-cloud-id-note]');
    el.scopes = $('[data-scopes]');
    el.scopeRows = $('[data-scope-rows]');

    const say = (this.#say = (message) => announce(el.live, message));
    this.#messages = new FieldMessages(el, (field, suggestion) => this.#applySuggestion(field, suggestion));
    this.#check = new LiveCheck({ host: this, root: this.#root, el, messages: this.#messages, announce: say, found: () => this.#update() });
    this.#outputs = new Outputs({ root: this.#root, el, announce: say });

    // Show the form the moment its stylesheet is in (or has failed), so it never flashes
    // unstyled: every field takes typing at once, and the checks follow when the module arrives
    // (issue 37). Nothing the module brings moves the form: before it, nothing is flagged (no
    // field is touched but one the page provided), and what it adds goes where room is kept.
    const link = $('link');
    const styled = link.sheet
      ? Promise.resolve()
      : new Promise((resolve) => {
          link.addEventListener('load', resolve, { once: true });
          link.addEventListener('error', resolve, { once: true });
        });
    const show = () => el.wrap.removeAttribute('hidden');
    styled.then(show, show);

    // The daily check runs in the person's own time zone unless they give another: shown as the
    // field's placeholder (the module reads the same zone when the field is left empty).
    el.timeZone.placeholder = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
    el.site.value = this.getAttribute('site') ?? '';
    // The name's default is the module's (the report's defaultName), put in once it is here.
    el.name.value = this.getAttribute('name') ?? '';
    // A value the embedding page provides counts as touched: its messages show at once.
    this.#timing.provided('site', el.site.value);

    this.#wire();
    this.#kind = new JiraKind(el);
    this.#kind.say(this.getAttribute('deployment'));
    this.#setJob(this.getAttribute('job'));
    this.#theme.attach(el.wrap);
    this.#check.renderRoute();
    this.#check.renderButton();

    loadModule().then(
      () => {
        this.#ready = true;
        this.#defaultName = api.buildCredential({}).defaultName;
        if (!this.hasAttribute('name') && !this.#timing.touched('name') && !el.name.value) el.name.value = this.#defaultName;
        this.#update();
        mark('first-check');
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
    if ((attr === 'site' || attr === 'name') && !this.#timing.touched(attr)) {
      this.#el[attr].value = value ?? (attr === 'name' ? this.#defaultName : '');
      if (attr === 'site') this.#timing.provided('site', this.#el.site.value);
      this.#check.inputChanged(attr);
      this.#update();
    }
    if (attr === 'relay') this.#check.renderRoute();
    if (attr === 'theme') this.#theme.apply();
    if (attr === 'job') this.#setJob(value);
    if (attr === 'deployment') {
      this.#kind.say(value);
      this.#check.inputChanged('deployment');
      this.#update();
    }
    if (attr === 'data-center-origin') this.#update();
  }

  /** Shows the form for `job` ('new' or 'replace'; anything else is 'new'). Replacing needs the
   *  second module at once (it checks the credential's account and builds the commands), and
   *  opens the Tines API section, whose commands do the whole replacement. Nothing typed is lost. */
  #setJob(job) {
    job = JOBS.includes(job) ? job : 'new';
    const el = this.#el;
    for (const radio of el.jobs) radio.checked = radio.value === job;
    if (job === this.#job) return;
    this.#job = job;
    el.wrap.dataset.job = job;
    // Texts people find things by (a label, a summary): written whole for each job, as a hidden
    // part of one would still count in its accessible name.
    this.#kind?.renderTexts(job);
    // Replacing, Tines' API is the other way to do it all: its section follows the steps (moved,
    // not reordered by style, so keyboard order follows what is seen). A new credential keeps it last.
    if (job === 'replace') {
      el.outputs.querySelector('.outputs-grid').after(el.api);
      loadLive().then(() => this.#update(), () => {});
      if (!el.api.open) el.api.open = true;
    } else el.outputs.append(el.api);
    this.#update();
  }

  disconnectedCallback() {
    this.#check?.stop();
    for (const timer of Object.values(this.#pauseTimers)) clearTimeout(timer);
    this.#pauseTimers = {};
    this.#timing.stopAll();
    this.#theme.unwatch();
  }

  // -------------------------------------------------------------------------------------------
  // Events

  #wire() {
    const el = this.#el;
    for (const f of FIELD_NAMES) {
      el[f].addEventListener('input', (event) => {
        const waits = this.#timing.input(f, event.inputType ?? '');
        this.#check.inputChanged(f);
        clearTimeout(this.#pauseTimers[f]);
        if (waits) this.#pauseTimers[f] = setTimeout(() => this.#settle(f, 'paused'), PAUSE_MS);
        else delete this.#pauseTimers[f];
        this.#update();
      });
      el[f].addEventListener('blur', () => this.#settle(f, 'left'));
      el[f].addEventListener('keydown', (event) => {
        if (event.key !== 'Enter' || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
        // Enter never sends anything: it moves on, as Tab would.
        event.preventDefault();
        this.#enterFrom(f);
      });
    }
    for (const radio of el.jobs) {
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        this.#setJob(radio.value);
        // Embedding pages may follow the job (their address, their own text).
        this.dispatchEvent(new CustomEvent('job', { bubbles: true, detail: { job: radio.value } }));
      });
    }
    el.scoped.addEventListener('change', () => {
      this.#check.inputChanged('scoped');
      this.#update();
    });
    for (const radio of el.deployments) {
      radio.addEventListener('change', () => {
        this.#check.inputChanged('deployment');
        this.#update();
      });
    }
    el.tunnel.addEventListener('change', () => this.#update());
    el.tokenToggle.addEventListener('click', () => {
      const show = el.token.type === 'password';
      el.token.type = show ? 'text' : 'password';
      el.tokenToggle.querySelector('.toggle-text').textContent = show ? 'Hide' : 'Show';
    });
    // Only an explicit press of "Check with Jira" sends anything; the form itself never submits.
    el.form.addEventListener('submit', (event) => event.preventDefault());
    this.#check.wire();
    this.#outputs.wire();
  }

  /** Enter in a field: on to the next field; from the last one, to "Check with Jira". */
  #enterFrom(field) {
    this.#settle(field, 'left');
    const el = this.#el;
    const order = [TINES_ORDER, DAILY_ORDER].find((o) => o.includes(field)) ?? FORM_ORDER;
    // The next field of the job on show (a hidden one cannot take focus).
    const next = order.slice(order.indexOf(field) + 1).find((f) => el[f].getClientRects().length > 0);
    if (next) el[next].focus();
    else if (order === FORM_ORDER) el.check.focus(); // its description (aria-describedby) says what it still needs
    else {
      const copy = this.#root.querySelector(`[data-copy="${order === TINES_ORDER ? 'tinesApi' : 'daily'}"]`);
      if (copy && !copy.closest('[hidden]')) copy.focus();
    }
  }

  /** The person paused (`how`: 'paused') or left the field ('left': blur, Enter, a suggestion
   *  taken): show what its check says now. */
  #settle(field, how) {
    clearTimeout(this.#pauseTimers[field]);
    delete this.#pauseTimers[field];
    if (how === 'left') this.#timing.left(field);
    else this.#timing.paused(field);
    this.#update();
  }

  #applySuggestion(field, suggestion) {
    const input = this.#el[field];
    input.value = suggestion;
    this.#check.inputChanged(field);
    this.#settle(field, 'left');
    input.focus();
    this.#say(`Now using ${suggestion}.`);
  }

  // -------------------------------------------------------------------------------------------

  #update() {
    if (!this.#ready) return;
    const el = this.#el;
    const inputs = fieldInputs(el, this.#limits);
    // The one Data Center origin the embedding page lets the browser ask (its CSP allows it).
    const origin = this.getAttribute('data-center-origin');
    if (origin) inputs.dataCenterOrigin = origin;
    // What a check or a pasted answer found for these same inputs: a token with scopes, the
    // site's cloud id, the account. The outputs follow it (api.atlassian.com, the scopes, the base
    // URL, the metadata's account_id).
    const found = this.#check.found(inputs);
    const input = found
      ? { ...inputs, scoped: inputs.scoped || found.scoped, cloudId: found.cloudId, accountId: found.accountId, accountName: found.accountName }
      : inputs;
    const report = api.buildCredential(input);
    this.#limits = report.limits;
    this.#kind.render(report, inputs, this.#job, this.#timing.typing('site'));
    // Replacing: the credential's account, checked and compared with the new token's by the
    // second module once it is in (#setJob fetches it).
    const replacement = this.#job === 'replace' && live ? live.buildReplacement(input) : null;
    const fields = { email: NOT_READ, ...report.fields, credentialAccount: replacement?.credentialAccount ?? NOT_READ };
    el.wrap.dataset.account = replacement?.account.state ?? '';
    // The second module (the live check, the reader, the story) starts loading in the background
    // once the form can be checked or its outputs show, so a click on Check waits for nothing more.
    if (report.outputs || report.check.ready) loadLive().catch(() => {});
    for (const f of FIELD_NAMES) {
      const display = this.#timing.show(f, () => messageGroups(f, fields[f], inputs[f]));
      this.#messages.render(f, display, inputs);
    }
    this.#check.update(report, inputs);
    // The check commands follow the site and email: while either is being typed, they are built
    // only if the person can see them (outputs.js); once both settle, whatever is shown.
    const settled = !this.#timing.typing('site') && !this.#timing.typing('email');
    this.#outputs.render(report, input, { job: this.#job, replacement, settled });
    this.#check.rereadTranscript();
  }
}
