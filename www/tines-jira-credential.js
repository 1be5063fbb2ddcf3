// <tines-jira-credential>: the form, the live check, the terminal check read back, and the outputs
// to paste into Tines. Every check, message and output comes from the wasm module (./pkg); the
// element only draws them and decides when to show them. Attributes, events and theming: README.md.
//
// This file is the entry: it says where the element's files are and defines the element. The
// element's parts are the modules in ./element/ (docs/architecture.md, "The element", lists them).
// The build bundles them with this file into one minified pkg/tines-jira-credential.js, the file
// the pages and the npm package load (scripts/build-element.mjs); these sources work as they are.

import { TinesJiraCredential, locateFiles } from './element/element.js';
import { loadModule } from './element/wasm.js';

// Where the module's files are, relative to this file. The build writes the bundle into pkg/
// itself and sets this to './' there (scripts/build-element.mjs).
const PKG = './pkg/';
locateFiles({
  glue: new URL(`${PKG}tines_jira_credential.js`, import.meta.url).href,
  wasm: new URL(`${PKG}tines_jira_credential_bg.wasm`, import.meta.url),
  stylesheet: new URL('./tines-jira-credential.css', import.meta.url).href,
});

export { TinesJiraCredential };

if (!customElements.get('tines-jira-credential')) {
  // Start on the module at once, while the first element builds its form: the glue and the wasm
  // then load and compile alongside the form's markup and layout instead of after them.
  loadModule().catch(() => {}); // each element reports a failure itself
  customElements.define('tines-jira-credential', TinesJiraCredential);
}
