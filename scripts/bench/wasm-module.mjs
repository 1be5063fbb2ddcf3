// The built module (www/pkg, the same files the page serves), instantiated synchronously in Node.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
export const PKG_JS = `${WWW}pkg/tines_jira_credential.js`;
export const PKG_WASM = `${WWW}pkg/tines_jira_credential_bg.wasm`;

/** Fails with a clear message when the module has not been built. */
export function requireBuild() {
  for (const file of [PKG_JS, PKG_WASM]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  }
}

/** { api: the module's exports (checkSite, buildCredential, …), memory: its WebAssembly.Memory }. */
export async function loadModule() {
  requireBuild();
  const api = await import(PKG_JS);
  const exports = api.initSync({ module: readFileSync(PKG_WASM) });
  return { api, memory: exports.memory };
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
