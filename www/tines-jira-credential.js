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

// Where the modules' files are, relative to this file: pkg/ beside it. The build writes the bundle
// into pkg/ itself, and makes each of these './' there (scripts/build-element.mjs). Each is a plain
// string in `new URL(…, import.meta.url)`, the form bundlers such as Vite find and copy.
locateFiles({
  glue: new URL('./pkg/tines_jira_credential.js', import.meta.url).href,
  wasm: new URL('./pkg/tines_jira_credential_bg.wasm', import.meta.url),
  liveGlue: new URL('./pkg/tines_jira_credential_live.js', import.meta.url).href,
  liveWasm: new URL('./pkg/tines_jira_credential_live_bg.wasm', import.meta.url),
  stylesheet: new URL('./tines-jira-credential.css', import.meta.url).href,
});

export { TinesJiraCredential };

// The bundle is parsed and run up to here (npm run bench reads it: where start-up goes).
globalThis.performance?.mark?.('tjc:element-evaluated');

if (!customElements.get('tines-jira-credential')) {
  // Start on the module at once, while the first element builds its form: the glue and the wasm
  // then load and compile alongside the form's markup and layout instead of after them.
  loadModule().catch(() => {}); // each element reports a failure itself
  customElements.define('tines-jira-credential', TinesJiraCredential);
}
