// Which Jira the form is for: Jira Cloud, or Data Center (or Server) at its own base URL. The
// report says which (`deployment`); this draws what follows from it: the switch beside the site,
// the email field gone for Data Center, the texts worded for each Jira (each put in whole), the
// token's label by job, and the walkthrough's Tunnel step.

import { DEPLOYMENT_TEXTS, TUNNEL_STEP } from './template.js';

/** The kinds of Jira the `deployment` attribute names. */
const DEPLOYMENTS = ['cloud', 'data-center'];
/** The texts that differ by job and by the kind of Jira, whole. */
const JOB_TEXTS = {
  'label[for="token"]': {
    new: { cloud: 'API token', 'data-center': 'Personal access token' },
    replace: { cloud: 'New API token', 'data-center': 'New personal access token' },
  },
  '[data-api-title]': {
    new: { cloud: 'Create it with Tines\u2019 API', 'data-center': 'Create it with Tines\u2019 API' },
    replace: { cloud: 'Replace it with Tines\u2019 API', 'data-center': 'Replace it with Tines\u2019 API' },
  },
};

export class JiraKind {
  #el;
  /** Which Jira the last report was for ('cloud' or 'data-center'). */
  #deployment = 'cloud';
  /** The job and the Jira whose texts are on show: a keystroke that changes neither touches none. */
  #textsShown = null;

  constructor(el) {
    this.#el = el;
  }

  /** Says which Jira the site is, as the `deployment` attribute does ('cloud', 'data-center';
   *  anything else: not said). The person can say otherwise with the switch beside the site. */
  say(deployment) {
    for (const radio of this.#el.deployments) radio.checked = radio.value === deployment && DEPLOYMENTS.includes(deployment);
  }

  /** What follows from `report`'s deployment, for the `inputs` it was made from, the `job` on
   *  show, and whether the site is being typed (`siteTyping`). */
  render(report, inputs, job, siteTyping) {
    const el = this.#el;
    const dataCenter = report.deployment === 'data-center';
    this.#deployment = report.deployment;
    el.wrap.dataset.deployment = report.deployment;
    this.#renderTunnelStep(dataCenter && inputs.tunnel);
    // As the site's messages: nothing new while the person types (a Cloud address being typed is
    // someone else's host for a few keys), and what is there keeps its room until the pause.
    const asks = Boolean(inputs.deployment) || dataCenter || report.fields.site.kind === 'custom';
    if (!siteTyping) el.which.hidden = !asks;
    // Data Center needs no email: the report has none, and the field goes (its value is kept).
    el.email.closest('.field').hidden = dataCenter;
    this.renderTexts(job);
  }

  /** The texts of the `job` and the kind of Jira on show, each whole. */
  renderTexts(job) {
    const shown = `${job} ${this.#deployment}`;
    if (shown === this.#textsShown) return;
    this.#textsShown = shown;
    const wrap = this.#el.wrap;
    for (const [selector, text] of Object.entries(JOB_TEXTS)) {
      const node = wrap.querySelector(selector);
      const want = text[job][this.#deployment];
      if (node.textContent !== want) node.textContent = want;
    }
    for (const node of wrap.querySelectorAll('[data-texts]')) {
      // Static markup of the template's own, never anything typed.
      if (node.dataset.shown !== this.#deployment) {
        node.innerHTML = DEPLOYMENT_TEXTS[Number(node.dataset.texts)][this.#deployment];
        node.dataset.shown = this.#deployment;
      }
    }
  }

  /** The walkthrough's Tunnel step, in the list exactly while the person says Tines uses one. */
  #renderTunnelStep(on) {
    const list = this.#el.wrap.querySelector('.walkthrough[data-only="new"] ol');
    const step = list.querySelector('[data-tunnel-step]');
    if (on && !step) {
      const li = document.createElement('li');
      li.dataset.tunnelStep = '';
      li.innerHTML = TUNNEL_STEP;
      list.lastElementChild.before(li);
    } else if (!on && step) step.remove();
  }
}
