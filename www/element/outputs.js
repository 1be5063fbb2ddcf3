// The outputs to paste into Tines: the Name, Value (masked until revealed), Metadata and Domains,
// the references, the terminal and Tines API commands (with their tabs), the test story and the
// daily check's story; each with its copy button (selecting the text where the clipboard is refused), and the story's
// download. Every text comes from the module, never read back from the page.
//
// Each keystroke costs one buildCredential. The commands and the story are built apart, and only
// when needed (issue 37: nothing the person cannot see is rebuilt on a keystroke): the check
// commands when the site, email or route they are made from changes and they are in view (after a
// lull in the typing, IN_VIEW_LULL_MS, not on the keystroke), or once the site and email settle
// (a pause, leaving the field); the Tines API commands while their section is open; the story
// while its JSON is open, or when it is copied or downloaded. A part whose inputs are unchanged is
// reused, and a copy always builds what it copies.

import { ICONS, h } from './dom.js';
import { accountMatch, expiryStep } from './steps.js';
import { renderScopes, scopeNames } from './scopes.js';
import { api, live, loadLive } from './wasm.js';

/** The parts built on request, and the call that builds each: all from the second module
 *  (wasm.js), once it is in. What each is made from is the report's (`outputs.parts`): while that
 *  is unchanged, the part is reused. */
const BUILD = {
  check: (input) => live?.buildCheckCommands(input),
  tinesApi: (input) => live?.buildTinesApiCommands(input),
  story: (input) => live?.buildStory(input),
  daily: (input) => live?.buildDailyStory(input),
  replace: (input) => live?.buildReplaceCommands(input),
};
/** The Tines API section's commands, by copy key: the part that builds each (by job: create or
 *  replace), and which of its texts it is. */
const API_COMMANDS = {
  tinesApi: ['tinesApi', 'curl'],
  tinesApiPowershell: ['tinesApi', 'powershell'],
  replaceCurl: ['replace', 'curl'],
  replacePowershell: ['replace', 'powershell'],
};

const COPIED_FOR_MS = 2000;
/** In view, the check commands follow the site and email once the typing stops this long. */
export const IN_VIEW_LULL_MS = 150;
const MASK = '\u2022'.repeat(24);

export class Outputs {
  #root;
  #el;
  #announce;
  /** The report's outputs, or null while the site, email and name are not all valid. */
  #outputs = null;
  /** The input the report was built from: the parts are built from it too. */
  #input = null;
  /** 'new' or 'replace'. */
  #job = 'new';
  /** Each part built on request: { from, value }, `from` being what it was built from. */
  #parts = {};
  #revealed = false;
  #copyTimers = new Map();
  /** The terminal commands are in view (an IntersectionObserver says so). */
  #commandsInView = false;
  /** Site and email are not being typed: the check commands may be built even out of view. */
  #settled = true;
  /** In view while the site or email is typed: the rebuild waiting for a short lull. */
  #checkTimer = null;

  constructor({ root, el, announce }) {
    this.#root = root;
    this.#el = el;
    this.#announce = announce;
  }

  wire() {
    const el = this.#el;
    el.reveal.addEventListener('click', () => {
      this.#revealed = !this.#revealed;
      this.#renderValue();
    });
    this.#root.addEventListener('click', (event) => {
      const copy = event.target.closest?.('[data-copy]');
      if (copy && this.#root.contains(copy)) this.#copy(copy);
      const download = event.target.closest?.('[data-download]');
      if (download && this.#root.contains(download)) this.#download(download.dataset.download);
      const tab = event.target.closest?.('[role="tab"]');
      if (tab && this.#root.contains(tab)) this.#selectTab(tab);
    });
    this.#root.querySelector('[role="tablist"]').addEventListener('keydown', (event) => this.#tabKey(event));
    // Coming into view, the check commands catch up with what was typed meanwhile.
    if (typeof IntersectionObserver === 'function') {
      new IntersectionObserver((entries) => {
        this.#commandsInView = entries.some((e) => e.isIntersecting);
        if (this.#commandsInView) this.#drawCheck();
      }).observe(this.#root.querySelector('[data-terminal]'));
    } else this.#commandsInView = true;
    // A section's texts are built as its summary is clicked (before it opens, so it never shows
    // empty), and on any other opening when the toggle event comes.
    const story = this.#storyDetails();
    const daily = this.#root.getElementById('out-daily').closest('details');
    for (const [details, render] of [
      [el.api, (opening) => this.#renderApi(opening)],
      [story, (opening) => this.#renderStory(opening)],
      [daily, (opening) => this.#renderDaily(opening)],
    ]) {
      details.querySelector('summary').addEventListener('click', () => details.open || render(true));
      details.addEventListener('toggle', () => render(false));
    }
  }

  /** Shows the outputs of `report`, which buildCredential made from `input`, for `job`; replacing,
   *  with the comparison of the accounts (`replacement`, from buildReplacement, null until the
   *  second module is in). */
  render(report, input, { job = 'new', replacement = null, settled = true } = {}) {
    const el = this.#el;
    const outputs = report.outputs;
    this.#input = input;
    this.#job = job;
    this.#settled = settled;
    accountMatch(el.accountMatch, replacement?.account);
    el.outputs.hidden = !outputs;
    el.outputsEmpty.hidden = Boolean(outputs);
    el.commands.hidden = !outputs;
    el.commandsEmpty.hidden = Boolean(outputs);
    this.#outputs = outputs;
    if (!outputs) return;
    for (const [key, text] of Object.entries(this.#shownTexts())) if (text != null) this.#setText(key, text);
    this.#renderCheck();
    this.#renderStory();
    this.#renderValue();
    el.key.textContent = outputs.credentialKey;
    if (el.replaceName.textContent !== outputs.name) el.replaceName.textContent = outputs.name;
    if (el.storyFile.textContent !== outputs.storyFileName) el.storyFile.textContent = outputs.storyFileName;
    if (el.dailyFile.textContent !== outputs.dailyStoryFileName) el.dailyFile.textContent = outputs.dailyStoryFileName;
    this.#renderDaily();
    this.#renderExpiryStep(outputs.expiresAt);
    this.#renderApi();
    // On the scoped route: where the cloud id comes from until it is known, and the scopes.
    renderScopes(el, outputs);
  }

  #renderExpiryStep(expiresAt) {
    for (const step of this.#el.expirySteps) expiryStep(step, expiresAt);
  }

  /** The Tines API commands of the job on show (create, or replace): built while their section is
   *  open, once the tenant and team id are valid. */
  #renderApi(opening = false) {
    const available = this.#outputs?.parts.tinesApi != null;
    this.#el.apiCommands.hidden = !available;
    this.#el.apiEmpty.hidden = available;
    if (!available || !(opening || this.#el.api.open)) return;
    const part = this.#job === 'replace' ? 'replace' : 'tinesApi';
    const commands = this.#part(part);
    if (!commands) return; // drawn once the second module is in
    for (const [key, [from, text]] of Object.entries(API_COMMANDS)) if (from === part) this.#setText(key, commands[text]);
  }

  /** The check commands, on show with the outputs: drawn once the second module is in, and while
   *  the site or email is being typed only if they are in view, then after a lull of IN_VIEW_LULL_MS
   *  rather than on the keystroke itself (a build is some 0.3 ms: a keystroke does only the report). */
  #renderCheck() {
    clearTimeout(this.#checkTimer);
    if (!this.#outputs || !(this.#settled || this.#commandsInView)) return;
    if (this.#settled) this.#drawCheck();
    else this.#checkTimer = setTimeout(() => this.#drawCheck(), IN_VIEW_LULL_MS);
  }

  #drawCheck() {
    const check = this.#part('check');
    if (check) for (const key of ['curl', 'powershell', 'windowsPowershell']) this.#setText(key, check[key]);
  }

  #storyDetails() {
    return this.#root.getElementById('out-story').closest('details');
  }

  /** The story's JSON: built while it is open. */
  #renderStory(opening = false) {
    if (!this.#outputs || !(opening || this.#storyDetails().open)) return;
    const story = this.#part('story');
    if (story !== undefined) this.#setText('story', story);
  }

  /** The daily check's story: offered once it can be built, its JSON built while it is open. */
  #renderDaily(opening = false) {
    const el = this.#el;
    const available = this.#outputs?.parts.daily != null;
    el.dailyReady.hidden = !available;
    el.dailyEmpty.hidden = available;
    const details = this.#root.getElementById('out-daily').closest('details');
    if (!available || !(opening || details.open)) return;
    const story = this.#part('daily');
    if (story != null) this.#setText('daily', story);
  }

  /**
   * A part built on request, or reused while what it is made from is unchanged; null without
   * outputs. Undefined while the second module, which builds it, is on its way: its section is
   * drawn once it is in.
   */
  #part(name) {
    if (!this.#outputs) return null;
    const from = this.#outputs.parts[name];
    if (this.#parts[name]?.from === from) return this.#parts[name].value;
    const value = BUILD[name](this.#input);
    if (value === undefined) {
      loadLive().then(
        () => {
          this.#renderCheck();
          this.#renderApi();
          this.#renderStory();
          this.#renderDaily();
        },
        () => {}, // the check and the paste panel say when the module does not load
      );
      return undefined;
    }
    this.#parts[name] = { from, value };
    return value;
  }

  /** A part, waiting for the second module when it is not in yet. */
  async #partWhenIn(name) {
    const now = this.#part(name);
    if (now !== undefined) return now;
    await loadLive();
    return this.#part(name);
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
  // The command tabs

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
  // Copying and downloading

  /** The texts of the report itself (all but the Value), shown at once. */
  #shownTexts() {
    const o = this.#outputs;
    return {
      name: o.name,
      metadata: o.metadataJson,
      domains: o.domainsField,
      'ref-value': o.references.value,
      'ref-domain': o.references.domain,
      'ref-username': o.references.username,
      'ref-baseUrl': o.references.baseUrl,
      ...Object.fromEntries(scopeNames(o.scopes).map((name, i) => [`scope-${i}`, name])),
    };
  }

  /** The text a copy button copies: from the module, never read back from the DOM. */
  async #text(key) {
    if (!this.#outputs) return null;
    if (key === 'value') return this.#outputs.value;
    if (key === 'story' || key === 'daily') return this.#partWhenIn(key);
    if (key === 'curl' || key === 'powershell' || key === 'windowsPowershell') return this.#part('check')[key];
    if (key in API_COMMANDS) {
      const [part, text] = API_COMMANDS[key];
      const commands = await this.#partWhenIn(part);
      return commands && commands[text];
    }
    return this.#shownTexts()[key];
  }

  async #copy(button) {
    const key = button.dataset.copy;
    let text;
    try {
      text = await this.#text(key);
    } catch {
      return; // the second module did not load: nothing to copy
    }
    if (text == null) return;
    const label = button.querySelector('.sr-only')?.textContent.trim() ?? 'it';
    // A closed section may not have built it yet: what is copied is also what its section shows.
    if (key !== 'value') this.#setText(key, text);
    const fallback = this.#root.querySelector(`[data-fallback="${button.dataset.fallbackKey ?? key}"]`);
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

  /** A story ('story' or 'daily') as a file: made here, from the module's text, and handed to
   *  the browser. */
  async #download(kind) {
    const o = this.#outputs;
    if (!o) return;
    let story;
    try {
      story = await this.#partWhenIn(kind);
    } catch {
      return;
    }
    if (story == null) return;
    const file = kind === 'daily' ? o.dailyStoryFileName : o.storyFileName;
    const url = URL.createObjectURL(new Blob([story], { type: 'application/json' }));
    const link = h('a', { href: url, download: file });
    this.#root.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    this.#announce(`Downloaded ${file}.`);
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
}
