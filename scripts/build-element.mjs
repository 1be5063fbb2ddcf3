// Writes the element into www/pkg/ next to the module it loads: one file,
// www/pkg/tines-jira-credential.js, bundled by esbuild from the entry www/tines-jira-credential.js
// and its modules in www/element/, and www/pkg/tines-jira-credential.css; both minified unless
// --dev: the JavaScript by esbuild and then terser (a second pass that still takes about 150 bytes
// off the gzipped bundle), the CSS by csso. The sources in www/ stay readable and work as they are; the pages and the
// npm package load the copies in www/pkg/ (one request for the element, as before the split).
//
//   node scripts/build-element.mjs [--dev]      (scripts/build.sh runs it after the module)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');
const ENTRY = 'tines-jira-credential.js';
/** The module files the entry locates, each as `new URL('./pkg/<file>', import.meta.url)`. */
const PKG_FILES = ['tines_jira_credential.js', 'tines_jira_credential_bg.wasm', 'tines_jira_credential_live.js', 'tines_jira_credential_live_bg.wasm'];

/** The entry's source as it must read inside pkg/: the modules' files are beside it there. */
export function elementForPkg(source) {
  let out = source;
  for (const file of PKG_FILES) {
    const from = `new URL('./pkg/${file}', import.meta.url)`;
    const count = out.split(from).length - 1;
    if (count !== 1) throw new Error(`www/${ENTRY} must locate pkg/${file} exactly once as ${from} (found ${count})`);
    out = out.replace(from, `new URL('./${file}', import.meta.url)`);
  }
  if (out.includes("'./pkg/")) throw new Error(`www/${ENTRY} names another file in ./pkg/: add it to PKG_FILES`);
  return out;
}

/** The element as one ES module for pkg/: the entry (its PKG line set for pkg/) and every module
 *  it imports, in one file. The glue stays a file of its own (the entry imports it at run time). */
export async function bundleElement({ dev = false, www = WWW } = {}) {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    stdin: { contents: elementForPkg(fs.readFileSync(path.join(www, ENTRY), 'utf8')), resolveDir: www, sourcefile: ENTRY, loader: 'js' },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    charset: 'utf8',
    minify: !dev,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

export async function buildElement({ dev = false, www = WWW } = {}) {
  const pkg = path.join(www, 'pkg');
  fs.mkdirSync(pkg, { recursive: true });
  let js = await bundleElement({ dev, www });
  let css = fs.readFileSync(path.join(www, 'tines-jira-credential.css'), 'utf8');
  if (!dev) {
    const { minify } = await import('terser');
    js = (await minify(js, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } })).code;
    const csso = await import('csso');
    // No restructuring: rules stay in their order and place, only whitespace and spelling shrink.
    css = csso.minify(css, { restructure: false, comments: false }).css;
  }
  fs.writeFileSync(path.join(pkg, ENTRY), js);
  fs.writeFileSync(path.join(pkg, 'tines-jira-credential.css'), css);
  return { js: Buffer.byteLength(js), css: Buffer.byteLength(css) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = await buildElement({ dev: process.argv.includes('--dev') });
  console.log(`    www/pkg/${ENTRY}: ${sizes.js} bytes; www/pkg/tines-jira-credential.css: ${sizes.css} bytes`);
}
