// The scoped route's table (a token with scopes, or a service account's): the scopes the token
// needs for the check, the story and Tines' Jira actions, classic and granular, each with a Copy
// button; and, until the cloud id is known, where to find it. All from the report's outputs.

import { h, iconNode } from './dom.js';

/** Every scope name the outputs list, once each, in order: each has one copy key, `scope-<i>`. */
export function scopeNames(scopes) {
  return [...new Set(scopes.flatMap((s) => [s.classic, ...s.granular]))];
}

/** Draws the cloud id's note and the scopes' table of the outputs `o`, into the element's `el`. */
export function renderScopes(el, o) {
  el.cloudIdNote.hidden = o.cloudIdHint == null;
  if (o.cloudIdHint != null && el.cloudIdNote.textContent !== o.cloudIdHint) el.cloudIdNote.textContent = o.cloudIdHint;
  el.scopes.hidden = o.scopes.length === 0;
  const shown = o.scopes.map((s) => `${s.classic} ${s.granular.join(' ')}`).join('\n');
  if (el.scopeRows.dataset.shown === shown) return;
  el.scopeRows.dataset.shown = shown;
  const names = scopeNames(o.scopes);
  const chip = (name) => {
    const key = `scope-${names.indexOf(name)}`;
    return h(
      'span',
      { className: 'scope' },
      h('code', { id: `out-${key}`, textContent: name }),
      h(
        'button',
        { type: 'button', className: 'btn btn-small copy', 'data-copy': key, 'data-fallback-key': 'scopes', part: 'button' },
        iconNode('copy'),
        h('span', { className: 'copy-text', textContent: 'Copy' }),
        h('span', { className: 'sr-only', textContent: ` the scope ${name}` }),
      ),
    );
  };
  el.scopeRows.replaceChildren(
    ...o.scopes.map((s) =>
      h(
        'tr',
        { 'data-scope-row': s.operation },
        h('th', { scope: 'row' }, s.usedFor, h('span', { className: 'scope-op', textContent: s.operation })),
        h('td', { 'data-label': 'Classic' }, chip(s.classic)),
        h('td', { 'data-label': 'Granular' }, ...s.granular.map(chip)),
      ),
    ),
  );
}
