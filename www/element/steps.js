// The parts of the walkthrough that follow the inputs: the expiry step (in both jobs' steps), and,
// replacing a token, the box that says whether the new token is the credential's account. Pure
// builders over one node each; every word that depends on the inputs is the module's or a date.

import { h, iconNode } from './dom.js';
import { messageNode } from './result.js';

/** How the comparison of the new token's account with the credential's is shown, by its state. */
const ACCOUNT_MATCH = {
  same: { tone: 'success', title: 'The same account' },
  different: { tone: 'error', title: 'Another account: do not replace the token with this one' },
  unproven: { tone: 'neutral', title: 'Not proven yet' },
  uncompared: { tone: 'neutral', title: 'Not compared yet' },
};

/** Replacing: whether the new token is the credential's account, as the module compared them
 *  (`account`, from buildReplacement; hidden without one). */
export function accountMatch(box, account) {
  const shown = account ? `${account.state}\n${account.message}` : '';
  if (box.dataset.shown === shown) return;
  box.dataset.shown = shown;
  box.hidden = !account;
  if (!account) return box.replaceChildren();
  const meta = ACCOUNT_MATCH[account.state];
  box.className = `result account-match result-${meta.tone}`;
  box.dataset.state = account.state;
  box.replaceChildren(
    h('div', { className: 'result-head' }, iconNode(meta.tone), h('h3', { className: 'result-title', textContent: meta.title })),
    messageNode(account.message),
  );
}

/** The expiry step: where in Tines' Expiry notifications tab, with the date when there is one. */
export function expiryStep(step, expiresAt) {
  if (step.dataset.expiresAt === String(expiresAt)) return;
  step.dataset.expiresAt = String(expiresAt);
  // Tines' Expiry notifications tab (tines.com/docs/credentials/credential-configuration/expiry):
  // the date, notifications on, up to five recipients, emailed 30, 7 and 1 days before.
  const tab = h('b', { textContent: 'Expiry notifications' });
  const rest = ', turn notifications on and add up to five recipients, people who can replace the token: Tines emails them 30, 7 and 1 days before.';
  if (expiresAt) {
    step.replaceChildren(
      'In the ', tab, ' tab, set the expiry to ',
      h('time', { dateTime: expiresAt, textContent: expiresAt.slice(0, 10) }),
      ', the day the token expires', rest,
    );
  } else {
    step.replaceChildren('In the ', tab, ' tab, set the expiry to the token\u2019s own date (API tokens expire within a year)', rest);
  }
}
