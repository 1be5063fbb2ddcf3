// The inputs and their messages: what the module is given (cut at the module's own limits), how a check's
// diagnostics become the messages under a field (with a Use button for a safe correction), and
// drawing them. When they show is timing.js's; what they say is the module's.

import { h, iconNode } from './dom.js';
import { api } from './wasm.js';

/** Every input. How much of each the module reads is its own (the report's `limits`); the
 *  token's text is never offered back as a suggestion. */
export const FIELDS = {
  site: {},
  email: {},
  token: { secret: true },
  name: {},
  credentialAccount: {},
  expiresOn: {},
  tinesTenant: {},
  teamId: {},
  notifyEmail: {},
  checkTime: {},
  timeZone: {},
};
export const FIELD_NAMES = Object.keys(FIELDS);
/** Enter moves through these in order (those of the job on show); on the last one it moves to
 *  "Check with Jira". */
export const FORM_ORDER = ['site', 'email', 'token', 'name', 'credentialAccount', 'expiresOn'];
/** The optional Tines API inputs: Enter moves on to the command they produce. */
export const TINES_ORDER = ['tinesTenant', 'teamId'];
/** The daily check's inputs: Enter moves on to its story. */
export const DAILY_ORDER = ['notifyEmail', 'checkTime', 'timeZone'];

export const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' };
const SEVERITY_RANK = { error: 3, warning: 2, info: 1 };

/**
 * `text` cut after `n` characters, counted as the module counts them (Unicode code points, so an
 * emoji is one, where JavaScript's `length`, and an input's `maxlength`, count it as two).
 */
export function cutAtChars(text, n) {
  if (text.length <= n) return text;
  let at = 0;
  for (let count = 0; count < n && at < text.length; count++) at += text.codePointAt(at) > 0xffff ? 2 : 1;
  return text.slice(0, at);
}

/**
 * What the module is given: each value cut at one character past the module's own limit for it
 * (the report's `limits`, in characters), so a pasted megabyte costs no more than a long value;
 * past its limit the module says "too long" without reading the rest. Before the first report,
 * uncut. No input has a `maxlength`: it counts UTF-16 units, and would cut an emoji-rich value
 * short of what the module reads.
 */
export function fieldInputs(el, limits) {
  const value = (f) => {
    const max = limits?.[f];
    return max != null ? cutAtChars(el[f].value, max + 1) : el[f].value;
  };
  return {
    site: value('site'),
    email: value('email'),
    token: value('token'),
    name: value('name'),
    credentialAccount: value('credentialAccount'),
    expiresOn: value('expiresOn'),
    tinesTenant: value('tinesTenant'),
    teamId: value('teamId'),
    notifyEmail: value('notifyEmail'),
    checkTime: value('checkTime'),
    timeZone: value('timeZone'),
    scoped: el.scoped.checked,
    // Which Jira the person said it is ('' while not said), and whether Tines goes through its Tunnel.
    deployment: [...el.deployments].find((r) => r.checked)?.value ?? '',
    tunnel: el.tunnel.checked,
  };
}

/**
 * The groups of messages one field shows: diagnostics that suggest the same correction become one
 * message with one Use button; notes (info) become one quiet line. Each group has a stable `key`.
 */
export function messageGroups(field, result, typed) {
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

/** Draws each field's messages into its list (`#<field>-msgs`) and its input's state. */
export class FieldMessages {
  #el;
  #onUse;
  /** The inputs of the last check, against which a suggestion is tried before it is offered. */
  #inputs = null;

  /** `el`: the element's nodes by name; `onUse(field, suggestion)`: a Use button was pressed. */
  constructor(el, onUse) {
    this.#el = el;
    this.#onUse = onUse;
  }

  /** Shows `display` (from timing.js) under the field; `inputs`: what the check was given. */
  render(field, display, inputs) {
    this.#inputs = inputs;
    const typed = inputs[field];
    const input = this.#el[field];
    const list = this.#el[`${field}Msgs`];
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
    if (!g.quiet && this.offers(field, g.suggestion, typed)) body.append(' ', this.useButton(field, g.suggestion));
    li.append(body);
    return li;
  }

  /** A Use button only for a correction the check itself accepts without a word of warning. */
  offers(field, suggestion, typed) {
    if (suggestion == null || suggestion === typed || !field || FIELDS[field]?.secret || !api) return false;
    const result = api.buildCredential({ ...this.#inputs, [field]: suggestion }).fields[field];
    return Boolean(result?.ok) && result.diagnostics.every((d) => d.severity === 'info');
  }

  useButton(field, suggestion) {
    const use = h('button', { type: 'button', className: 'btn btn-small btn-suggest', 'data-suggestion': '' });
    use.setAttribute('part', 'button');
    use.append('Use ', h('code', { textContent: suggestion }));
    use.addEventListener('click', () => this.#onUse(field, suggestion));
    return use;
  }
}
