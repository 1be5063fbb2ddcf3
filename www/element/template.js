// The element's markup: the three cards (details, check, outputs) as one string, parsed once per
// element. Static: nothing a person types is ever put into HTML (it goes in with textContent
// later). No style attributes: the page's CSP allows only same-origin stylesheets.

import { ICONS } from './dom.js';

const TOKEN_HELP_URL = 'https://id.atlassian.com/manage-profile/security/api-tokens';

/** The texts worded for each kind of Jira, by number: the markup holds Cloud's, and the element
 *  puts in the one for the Jira the report is for (element.js, #renderTexts), whole, so that a
 *  text's words are never two versions side by side. Static strings: nothing typed goes in. */
export const DEPLOYMENT_TEXTS = [];
/** The same place, worded for each kind of Jira. */
const either = (cloud, dataCenter) => {
  DEPLOYMENT_TEXTS.push({ cloud, 'data-center': dataCenter });
  return `<span data-texts="${DEPLOYMENT_TEXTS.length - 1}">${cloud}</span>`;
};

function fieldMarkup({ id, label, help, input, after = '', optional = false, only = null }) {
  return `
    <div class="field" data-field="${id}"${only ? ` data-only="${only}"` : ''}>
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

function outputMarkup({ key, label, note = '', reveal = false, only = null }) {
  return `
    <div class="output" data-output="${key}"${only ? ` data-only="${only}"` : ''}>
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

/** The walkthrough's step for a Jira Tines reaches through its Tunnel: put in before the test
 *  step while the person says so (element.js), and out of the list otherwise. */
export const TUNNEL_STEP =
  'In every HTTP Request action that uses the credential (the stories below included), switch on <b>Use tunnel</b> and choose your tunnel: Tines reaches this Jira only through it.';

/** The three check commands, one tab each. */
const COMMAND_TABS = [
  { key: 'curl', tab: 'curl', label: 'curl command', hint: 'macOS, Linux and Windows 10 or later. Paste the token at the command\u2019s own prompt: typing is hidden, and the token is never on the command line.' },
  { key: 'powershell', tab: 'PowerShell 7', label: 'PowerShell 7 command', hint: 'PowerShell 7 (pwsh) on any system. Paste the token as the password in the prompt.' },
  {
    key: 'windowsPowershell',
    tab: 'Windows PowerShell 5.1',
    label: 'Windows PowerShell 5.1 command',
    hint: 'The PowerShell that comes with Windows. Paste the token as the password in the prompt.',
  },
];

/** The whole shadow tree; `stylesheet` is the URL of the element's CSS. */
export function template(stylesheet) {
  DEPLOYMENT_TEXTS.length = 0;
  return markup(stylesheet);
}

const markup = (stylesheet) => `
<link rel="stylesheet" href="${stylesheet}">
<div class="tjc" part="root" data-job="new" hidden>
  <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-live></div>
  <p class="load-error" role="alert" data-load-error hidden></p>

  <form class="stack" novalidate>
    <fieldset class="job" part="job">
      <legend class="sr-only">What to do</legend>
      <label class="job-option"><input type="radio" name="job" value="new" checked><span>New credential</span></label>
      <label class="job-option"><input type="radio" name="job" value="replace"><span>Replace the token</span></label>
    </fieldset>
    <section class="card" part="card" aria-labelledby="details-title">
      <div class="card-head">
        <span class="step" aria-hidden="true">1</span>
        <div>
          <h2 id="details-title">Your Jira details</h2>
          <p class="lede"><span data-only="replace">The credential to replace, and its new token. </span>Checked right here in your browser. Nothing leaves this page until you press \u201cCheck with Jira\u201d.</p>
        </div>
      </div>
      <div class="fields">
        ${fieldMarkup({
          id: 'site',
          label: 'Jira site',
          help: either(
            'Your site\u2019s address, such as <code>acme.atlassian.net</code>. Pasting any link from the site works too.',
            'Your Jira\u2019s base URL, such as <code>https://jira.acme.com</code> or <code>https://acme.com/jira</code>, port and context path included. Pasting any link from it works too.',
          ),
          input: `<input id="site" name="site" type="text" inputmode="url" autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="site-help" placeholder="e.g. acme.atlassian.net" part="input">`,
        })}
        <div class="field which" data-which hidden>
          <fieldset class="choices" aria-describedby="which-help">
            <legend class="label">Which Jira is this?</legend>
            <label class="choice"><input type="radio" name="deployment" value="cloud"><span>Jira Cloud</span></label>
            <label class="choice"><input type="radio" name="deployment" value="data-center"><span>Jira Data Center or Server</span></label>
          </fieldset>
          <p class="help" id="which-help">Data Center and Server run on your company\u2019s own servers and take a personal access token; Jira Cloud takes an email and an API token.</p>
          <label class="checkbox" data-for="data-center"><input type="checkbox" id="tunnel" name="tunnel" aria-describedby="tunnel-help"><span>Tines reaches this Jira through a Tines Tunnel</span></label>
          <p class="help help-checkbox" id="tunnel-help" data-for="data-center">Tick it when Jira is only reachable inside your network: the walkthrough and the stories then say where to switch the Tunnel on.</p>
        </div>
        ${fieldMarkup({
          id: 'email',
          label: 'Account email',
          help: 'The sign-in email of the Atlassian account that created the token.',
          input: `<input id="email" name="email" type="text" inputmode="email" autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="email-help" placeholder="e.g. jane@acme.com" part="input">`,
        })}
        ${fieldMarkup({
          id: 'token',
          label: 'API token', // 'New API token' when replacing (element.js: a label's name is its whole text)
          help: either(
            `Create one at <a href="${TOKEN_HELP_URL}" target="_blank" rel="noopener noreferrer">id.atlassian.com \u203a Security \u203a API tokens<span class="sr-only"> (opens in a new tab)</span></a>.`,
            'Create one in Jira: your profile picture \u203a <b>Profile</b> \u203a <b>Personal access tokens</b>, with the expiry you want (Jira 8.14 and later).',
          ) + ' It is never stored or logged.',
          input: `<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" autocapitalize="off" autocorrect="off" data-1p-ignore data-lpignore="true" data-bwignore aria-describedby="token-help" part="input">`,
          after: `<button type="button" class="btn toggle" data-token-toggle aria-controls="token" part="button"><span class="toggle-text">Show</span><span class="sr-only"> token</span></button>`,
        })}
        ${fieldMarkup({
          id: 'name',
          label: 'Credential name',
          help: '<span data-only="new">What the credential is called in Tines. Actions refer to it by its key, shown below.</span><span data-only="replace">The credential\u2019s name in Tines, exactly as it is: the commands below find it by this name.</span>',
          input: `<input id="name" name="name" type="text" autocomplete="off" spellcheck="false" aria-describedby="name-help" part="input">`,
        })}
        ${fieldMarkup({
          id: 'credentialAccount',
          label: 'Account in the credential',
          optional: true,
          only: 'replace',
          help: `In Tines, open the credential and copy its <b>Metadata</b> (all of it, or only its ${either('<code>account_id</code>', '<code>user_key</code>')}): this page compares it with the new token\u2019s account.`,
          input: `<input id="credentialAccount" name="credentialAccount" type="text" autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="credentialAccount-help" placeholder="{ &quot;domain&quot;: \u2026, &quot;account_id&quot;: \u2026 }" part="input">`,
        })}
        ${fieldMarkup({
          id: 'expiresOn',
          label: 'Token expiry',
          optional: true,
          help: 'The expiry date you picked when you created the<span data-only="replace"> new</span> token. Jira will not warn Tines when the token expires: this date is the only warning there is.',
          input: `<input id="expiresOn" name="expiresOn" type="date" autocomplete="off" aria-describedby="expiresOn-help" part="input">`,
        })}
      </div>
    </section>

    <section class="card" part="card" aria-labelledby="check-title">
      <div class="card-head">
        <span class="step" aria-hidden="true">2</span>
        <div>
          <h2 id="check-title">Check with Jira <span class="optional">optional</span></h2>
          <p class="lede"><span data-only="replace">Proves the new token works and whose it is. </span>Asks Jira who the token belongs to (${either('<code>GET /rest/api/3/myself</code>', '<code>GET /rest/api/2/myself</code>')}) and what it may do (<code>/mypermissions</code>), once, when you press the button.</p>
        </div>
      </div>
      <label class="checkbox" data-for="cloud"><input type="checkbox" id="scoped" name="scoped" aria-describedby="scoped-help"><span>My token has scopes: go straight to api.atlassian.com</span></label>
      <p class="help help-checkbox" id="scoped-help" data-for="cloud">Not sure? Leave it off: the check tries api.atlassian.com by itself when the site refuses the token. Service accounts always go there.</p>
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
        <p class="empty empty-small" data-commands-empty>${either('The commands appear once the site and email are valid.', 'The commands appear once the site is valid.')}</p>
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
        <p class="lede" data-only="new">In the order of Tines\u2019 <b>New credential \u2192 Text</b> form, each with a copy button.</p>
        <p class="lede" data-only="replace">In the order of the credential\u2019s own form in Tines, each with a copy button.</p>
      </div>
    </div>
    <p class="empty" data-outputs-empty>${either('Your values appear here as soon as the site, email and credential name are valid.', 'Your values appear here as soon as the site and credential name are valid.')}</p>
    <div class="outputs" data-outputs hidden>
      <div class="result account-match" data-only="replace" data-account-match hidden></div>
      <div class="outputs-grid" data-needs-account>
        <div class="walkthrough" data-only="new">
          <h3 class="walkthrough-title">In Tines</h3>
          <ol>
            <li>Open <b>Credentials</b>, choose <b>+ New credential</b>, then <b>Text</b>.</li>
            <li>Paste the <b>Name</b>.</li>
            <li>Paste the ${either('API token', 'personal access token')} into <b>Value</b>.</li>
            <li>Turn on <b>Metadata</b> and paste the JSON.</li>
            <li>Paste the <b>Domains</b>, so Tines sends this credential only to Jira.</li>
            <li data-step-expiry></li>
            <li>Save.</li>
            <li>Test it: import the story below in Tines (<b>Stories \u2192 Import</b>), run it, and read the events: status 200 and ${either('an <code>accountId</code>', 'the user\u2019s <code>key</code>')} mean Tines can use the credential, and <code>havePermission</code> says what it may do.</li>
          </ol>
        </div>
        <div class="walkthrough" data-only="replace">
          <h3 class="walkthrough-title">In Tines</h3>
          <ol>
            <li>Open <b>Credentials</b>, then the credential <b data-replace-name></b>.</li>
            <li>Paste the new ${either('API token', 'personal access token')} into <b>Value</b>, over the old one.</li>
            <li>Paste the <b>Metadata</b> over the old: with the new token\u2019s ${either('<code>account_id</code>', '<code>user_key</code>')} in it, the next replacement can compare it.</li>
            <li data-step-expiry></li>
            <li>Save. Every story that uses the credential has the new token from now on.</li>
            <li>Test it: run the story below, or let the daily check run.</li>
          </ol>
        </div>
        <div class="output-list">
          ${outputMarkup({ key: 'name', label: 'Name', only: 'new' })}
          ${outputMarkup({
            key: 'value',
            label: 'Value',
            reveal: true,
            note: `<p class="output-note" data-value-note hidden>Paste a valid ${either('API token', 'personal access token')} above and the Value appears here.</p>`,
          })}
          ${outputMarkup({ key: 'metadata', label: 'Metadata' })}
          ${outputMarkup({ key: 'domains', label: 'Domains', only: 'new' })}
        </div>
      </div>

      <div class="subsection" data-only="new">
        <h3>Use it in actions</h3>
        <p class="sub-lede">Tines references for this credential, key <code data-key></code>.</p>
        <div class="refs">
          ${referenceMarkup({ key: 'ref-value', label: 'Token', hint: either('The Value: the API token.', 'The Value: the personal access token, sent as <code>Authorization: Bearer</code>.') })}
          ${referenceMarkup({ key: 'ref-domain', label: 'Domain', hint: either('The site, from the Metadata.', 'The host, from the Metadata.') })}
          ${referenceMarkup({ key: 'ref-username', label: 'Username', hint: either('The account email, from the Metadata.', 'The user name, from the Metadata once a check has shown it.') })}
          ${referenceMarkup({ key: 'ref-baseUrl', label: 'REST API base URL', hint: 'For an HTTP Request action\u2019s URL.' })}
        </div>
        <p class="output-note" data-cloud-id-note hidden></p>
      </div>

      <div class="subsection" data-scopes hidden>
        <h3 id="scopes-title">Scopes for a token with scopes</h3>
        <p class="sub-lede">Give the token these when you create it (<b>Create API token with scopes</b>, app <b>Jira</b>). The first two rows are what the check and the story ask; the rest are what Tines\u2019 Jira actions call. One classic scope covers its row; with granular scopes, the row needs all of them.</p>
        <div class="table-wrap">
          <table class="scopes" aria-labelledby="scopes-title">
            <thead><tr><th scope="col">For</th><th scope="col">Classic</th><th scope="col">Granular</th></tr></thead>
            <tbody data-scope-rows></tbody>
          </table>
        </div>
        ${fallbackNote('scopes')}
      </div>

      <div class="subsection" data-story>
        <h3 id="story-title">Test it in Tines</h3>
        <p class="sub-lede">A story whose HTTP Request actions ask Jira who the credential belongs to and what it may do, the way Tines sends it: its metadata, its Domains restriction and its value together. It holds only references to the credential, never the token.</p>
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

      <div class="subsection" data-daily>
        <h3 id="daily-title">Check it every day</h3>
        <p class="sub-lede">A story that asks Jira with the credential every day and, when Jira answers anything but 200, emails which credential failed, Jira\u2019s answer and what to do. It holds only references to the credential, never the token.</p>
        <div class="fields fields-api">
          ${fieldMarkup({
            id: 'notifyEmail',
            label: 'Email to notify',
            help: 'Who gets the email when the check fails: someone who can replace the token.',
            input: `<input id="notifyEmail" name="notifyEmail" type="text" inputmode="email" autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="notifyEmail-help" placeholder="e.g. secops@acme.com" part="input">`,
          })}
          ${fieldMarkup({
            id: 'checkTime',
            label: 'Time of day',
            optional: true,
            help: 'When it runs, on a 24-hour clock; 09:00 if left empty.',
            input: `<input id="checkTime" name="checkTime" type="text" inputmode="numeric" autocomplete="off" spellcheck="false" aria-describedby="checkTime-help" placeholder="09:00" part="input">`,
          })}
          ${fieldMarkup({
            id: 'timeZone',
            label: 'Time zone',
            optional: true,
            help: 'The time zone of that time; yours if left empty.',
            input: `<input id="timeZone" name="timeZone" type="text" autocomplete="off" spellcheck="false" autocapitalize="off" aria-describedby="timeZone-help" part="input">`,
          })}
        </div>
        <p class="empty empty-small" data-daily-empty>The story appears once the email to notify is valid.</p>
        <div data-daily-ready hidden>
          <div class="story-actions">
            <button type="button" class="btn" data-download="daily" part="button"><span class="icon-wrap">${ICONS.download}</span><span>Download the daily story</span></button>
            ${copyButton('daily', 'the daily story').replace('btn btn-small copy', 'btn copy')}
            <span class="story-file" data-daily-file></span>
          </div>
          ${fallbackNote('daily')}
          <details class="more">
            <summary part="button">Show the daily story\u2019s JSON</summary>
            <pre class="code code-tall" id="out-daily" aria-labelledby="daily-title" tabindex="0"></pre>
          </details>
        </div>
      </div>

      <details class="subsection api" data-api>
        <summary part="button"><h3><span data-api-title>Create it with Tines\u2019 API</span> <span class="optional">optional</span></h3></summary>
        <p class="sub-lede" data-only="new">Instead of the form: a command that creates this credential in your tenant. It asks for a Tines API key and the Jira token without showing them, and neither ever appears on a command line.</p>
        <p class="sub-lede" data-only="replace">Instead of the form: a command that finds the credential by its exact name in the team, refuses unless it is the new token\u2019s account, and sends the new token with every other field, so nothing is lost. It asks for a Tines API key and the new token without showing them, and neither ever appears on a command line.</p>
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
          <div data-only="new">
            ${referenceMarkup({ key: 'tinesApi', label: 'curl (macOS, Linux)', hint: 'Prints Tines\u2019 answer: 201 with the new credential, or the reason it refused.' })}
            ${referenceMarkup({ key: 'tinesApiPowershell', label: 'PowerShell 7', hint: 'The same, in PowerShell 7 (pwsh).' })}
          </div>
          <div data-only="replace" data-needs-account>
            ${referenceMarkup({ key: 'replaceCurl', label: 'curl and jq (macOS, Linux)', hint: 'Prints Tines\u2019 answer: 200 with the credential, or why nothing was changed.' })}
            ${referenceMarkup({ key: 'replacePowershell', label: 'PowerShell 7', hint: 'The same, in PowerShell 7 (pwsh).' })}
          </div>
        </div>
      </details>
    </div>
  </section>
</div>`;
