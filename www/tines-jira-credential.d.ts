// Types of the <tines-jira-credential> custom element (tines-jira-credential.js and its modules in
// element/; the pages and the npm package load their bundle, pkg/tines-jira-credential.js).
// The checks themselves are the wasm modules' API: see ./pkg/tines_jira_credential.d.ts (typing)
// and ./pkg/tines_jira_credential_live.d.ts (the live check, where verdicts are typed).

import type { Outcome, Route } from './pkg/tines_jira_credential_live.js';

/** `detail` of the `check` event: the verdict, never anything typed. */
export interface TinesJiraCheckDetail {
  outcome: Outcome;
  route: Route;
}

/** `detail` of the `job` event: the job the person chose. */
export interface TinesJiraJobDetail {
  job: 'new' | 'replace';
}

/** The element's own events, by name: typed on the element, not on every HTMLElement. */
export interface TinesJiraCredentialEventMap extends HTMLElementEventMap {
  /** The module is in and the first check shown (also a `ready` attribute). */
  ready: Event;
  /** A verdict from the live check or a pasted terminal answer; bubbles. */
  check: CustomEvent<TinesJiraCheckDetail>;
  /** The person chose the other job; bubbles. */
  job: CustomEvent<TinesJiraJobDetail>;
}

/**
 * The Jira → Tines credential form, checks, live check, terminal answer and outputs as one element.
 *
 * Attributes: `site` (initial Jira site), `name` (initial credential name; without it, the module's
 * default), `compact` (single-column layout), `relay` (a same-origin relay path such as
 * "/jira-relay"), `theme` ("light" | "dark" | "auto", default "auto": the host page's
 * color-scheme, else the system's), `timeout` (the live check's limit in milliseconds, default
 * 15000), `job` ("new", the default, or "replace": a new token for an existing credential),
 * `deployment` ("cloud" or "data-center": which Jira the site is, as the person would say it with
 * the switch beside the site; a *.atlassian.net address is Cloud whatever is said),
 * `data-center-origin` (the one Jira Data Center origin, "https://host[:port]", the embedding page
 * lets the browser ask: its Content-Security-Policy must allow it, and that Jira's CORS allowlist
 * must hold the page's origin).
 *
 * Events: see TinesJiraCredentialEventMap.
 *
 * Themable through the `--tjc-*` CSS custom properties and `:state(dark)` (see the README).
 */
export declare class TinesJiraCredential extends HTMLElement {
  static readonly observedAttributes: string[];
  addEventListener<K extends keyof TinesJiraCredentialEventMap>(
    type: K,
    listener: (this: TinesJiraCredential, event: TinesJiraCredentialEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof TinesJiraCredentialEventMap>(
    type: K,
    listener: (this: TinesJiraCredential, event: TinesJiraCredentialEventMap[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'tines-jira-credential': TinesJiraCredential;
  }
}
