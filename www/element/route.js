// Where the live check goes, in one sentence under the Check button: directly from the browser or
// through the page's relay, to which host, and what happens when the browser keeps Jira's answer.
// The route and whether the browser may ask at all are the module's (the report's `check`); this
// only words them.

import { h } from './dom.js';

/**
 * The sentence's parts (text and nodes) for `report` (null before the module is in), with the
 * element's `relay` attribute and whether the person ticked "my token has scopes".
 */
export function routeSentence(report, { relay, scopedOption }) {
  const site = report?.fields.site;
  const scoped = report?.outputs?.route === 'scoped' || scopedOption;
  const host = site?.ok ? site.value : null;
  const route = h('span', { className: 'route-via', textContent: relay ? 'through this site\u2019s relay' : 'directly from your browser' });
  const dataCenter = report?.deployment === 'data-center';
  if (host && !report.check.fromBrowser) {
    return [
      h('code', { textContent: host }),
      dataCenter
        ? ' is a Jira Data Center this page is not set up to ask (its operators allow one, with the element\u2019s data-center-origin): use a terminal command below instead.'
        : ' is not an Atlassian Cloud address, so it cannot be checked from this page: use a terminal command below instead.',
    ];
  }
  if (dataCenter) {
    const via = relay
      ? [' (', h('code', { textContent: relay }), ').']
      : ['. Jira Data Center lets this page read its answer only when its allowlist holds this page\u2019s origin; when it does not, run a terminal command below and paste what it printed.'];
    return ['The check goes ', route, ' to ', host ? h('code', { textContent: host }) : 'your Jira', ...via];
  }
  const target = host ? h('code', { textContent: host }) : 'your Jira site';
  const gateway = h('code', { textContent: 'api.atlassian.com' });
  const parts = ['The check goes ', route, ' to ', target];
  if (scoped) parts.push(' (for its cloud id), then to ', gateway);
  else parts.push(', and on to ', gateway, ' if the site refuses the token, as it does a token with scopes');
  if (relay) parts.push(' (', h('code', { textContent: relay }), ').');
  else parts.push('. Jira Cloud usually keeps its answer from other web pages; when it does, run a terminal command below and paste what it printed.');
  return parts;
}
