// Types of the <tines-jira-credential> custom element (tines-jira-credential.js and its modules in
// element/; the pages and the npm package load their bundle, pkg/tines-jira-credential.js).
// The checks themselves are the wasm module's API: see ./pkg/tines_jira_credential.d.ts.

import type { Outcome, Route } from './pkg/tines_jira_credential.js';

/** `detail` of the `check` event: the verdict, never anything typed. */
export interface TinesJiraCheckDetail {
  outcome: Outcome;
  route: Route;
}

/** `detail` of the `job` event: the job the person chose. */
export interface TinesJiraJobDetail {
  job: 'new' | 'replace';
}

/**
 * The Jira → Tines credential form, checks, live check, terminal answer and outputs as one element.
 *
 * Attributes: `site` (initial Jira site), `name` (initial credential name, default "Jira"),
 * `compact` (single-column layout), `relay` (a same-origin relay path such as "/jira-relay"),
 * `theme` ("light" | "dark" | "auto", default "auto": the host page's color-scheme, else the
 * system's), `timeout` (the live check's limit in milliseconds, default 15000), `job` ("new", the
 * default, or "replace": a new token for an existing credential).
 *
 * Events: `ready` (the module is in and the first check shown; also a `ready` attribute) and
 * `check` (a verdict from the live check or a pasted terminal answer; bubbles), `job` (the person
 * chose the other job; bubbles).
 *
 * Themable through the `--tjc-*` CSS custom properties and `:state(dark)` (see the README).
 */
export declare class TinesJiraCredential extends HTMLElement {
  static readonly observedAttributes: string[];
  addEventListener(type: 'check', listener: (event: CustomEvent<TinesJiraCheckDetail>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: 'job', listener: (event: CustomEvent<TinesJiraJobDetail>) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: 'ready', listener: (event: Event) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'tines-jira-credential': TinesJiraCredential;
  }
  interface HTMLElementEventMap {
    check: CustomEvent<TinesJiraCheckDetail>;
    job: CustomEvent<TinesJiraJobDetail>;
  }
}
