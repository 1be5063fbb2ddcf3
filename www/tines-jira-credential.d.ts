// Types of the <tines-jira-credential> custom element (tines-jira-credential.js).
// The checks themselves are the wasm module's API: see ./pkg/tines_jira_credential.d.ts.

/**
 * The Jira → Tines credential form, checks, live check and outputs as one element.
 *
 * Attributes: `site` (initial Jira site), `name` (initial credential name, default "Jira"),
 * `compact` (single-column layout), `relay` (a same-origin relay path such as "/jira-relay").
 * Themable through the `--tjc-*` CSS custom properties (see the README).
 */
export declare class TinesJiraCredential extends HTMLElement {
  static readonly observedAttributes: string[];
}

declare global {
  interface HTMLElementTagNameMap {
    'tines-jira-credential': TinesJiraCredential;
  }
}
