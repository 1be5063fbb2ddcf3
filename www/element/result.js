// What a verdict shows, as nodes for a result panel (its title and tone are the module's): the
// module's message (a numbered list when it names steps), the account Jira reported, and what the
// account may do. Pure builders: the live check (check.js) places them and announces them.

import { h, iconNode } from './dom.js';

/** What the account may do, from the verdict: each permission as can, cannot or not said. */
export function permissionsNode(p) {
  const box = h('div', { className: 'permissions', 'data-permissions': '' });
  box.append(h('h5', { className: 'permissions-title', textContent: 'What the account may do in Jira' }));
  const list = h('ul', { className: 'permission-list' });
  for (const item of p.items) {
    const have = item.have === true ? 'yes' : item.have === false ? 'no' : 'unknown';
    const word = { yes: 'Can', no: 'Cannot', unknown: 'Not said' }[have];
    list.append(
      h(
        'li',
        { className: `permission permission-${have}`, 'data-permission': item.key, 'data-have': have },
        iconNode({ yes: 'success', no: 'error', unknown: 'info' }[have]),
        h('span', { className: 'permission-word', textContent: `${word}:` }),
        ' ',
        h('b', { textContent: item.name }),
        h('span', { className: 'permission-use', textContent: ` \u2014 to ${item.usedFor}` }),
      ),
    );
  }
  box.append(list, h('p', { className: 'permissions-message', 'data-permissions-message': '', textContent: p.message }));
  return box;
}

/** A result message as a paragraph; one that lists numbered checks ("(1) …; (2) …") as a list. */
export function messageNode(message) {
  const parts = message.split(/\s*\((\d)\)\s+/);
  if (parts.length < 5) return h('p', { className: 'result-message', 'data-result-message': '', textContent: message });
  const box = h('div', { className: 'result-message', 'data-result-message': '' });
  box.append(h('p', { textContent: parts[0] }));
  const list = h('ol', { className: 'result-steps' });
  for (let i = 2; i < parts.length; i += 2) list.append(h('li', { textContent: parts[i].replace(/[;,]\s*$/, '') }));
  box.append(list);
  return box;
}

export function accountNode(account) {
  const dl = h('dl', { className: 'account', 'data-account': '' });
  const row = (term, value, mono = false) =>
    dl.append(h('div', {}, h('dt', { textContent: term }), h('dd', { className: mono ? 'mono' : '', textContent: value })));
  row('Name', account.displayName);
  row('Email', account.emailAddress ?? 'Hidden by the account\u2019s profile settings');
  // Data Center names a user by a user name and a key; Cloud by an account id and its type.
  if (account.name !== undefined) {
    row('User name', account.name, true);
    row('User key', account.accountId, true);
  } else {
    row('Account ID', account.accountId, true);
    row('Account type', account.accountType ?? 'unknown');
  }
  row('Status', account.active ? 'Active' : 'Deactivated');
  return dl;
}

