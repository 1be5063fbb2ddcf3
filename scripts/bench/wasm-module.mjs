// The built modules (www/pkg, the same files the page serves), instantiated synchronously in Node.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
export const PKG_JS = `${WWW}pkg/tines_jira_credential.js`;
export const PKG_WASM = `${WWW}pkg/tines_jira_credential_bg.wasm`;
/** The second module: the live check, the reader, the story and the Tines API commands. */
export const PKG_LIVE_JS = `${WWW}pkg/tines_jira_credential_live.js`;
export const PKG_LIVE_WASM = `${WWW}pkg/tines_jira_credential_live_bg.wasm`;

/** Fails with a clear message when the modules have not been built. */
export function requireBuild() {
  for (const file of [PKG_JS, PKG_WASM, PKG_LIVE_JS, PKG_LIVE_WASM]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  }
}

/**
 * Both modules, each instantiated with its own initSync (as README.md shows for Node).
 * { api: every export of both (checkSite, buildCredential, …, verifyCredential, buildStory, …),
 *   typing, live: each module's own exports, memory, liveMemory: their WebAssembly.Memory }.
 */
export async function loadModule() {
  requireBuild();
  const typing = await import(PKG_JS);
  const live = await import(PKG_LIVE_JS);
  const exports = typing.initSync({ module: readFileSync(PKG_WASM) });
  const liveExports = live.initSync({ module: readFileSync(PKG_LIVE_WASM) });
  return { api: { ...live, ...typing }, typing, live, memory: exports.memory, liveMemory: liveExports.memory };
}

/**
 * Timing or weighing a module that answers nonsense would report nonsense: make sure a complete,
 * valid form gives a complete report first.
 */
export function assertBuildsCredential(buildCredential, fullInput) {
  const report = buildCredential(fullInput);
  if (report?.ok !== true || !report.outputs) {
    throw new Error(`buildCredential gave ${JSON.stringify(report)?.slice(0, 80)} for a complete, valid form: is the build broken?`);
  }
}
