// Writes the element into www/pkg/ next to the module it loads: www/tines-jira-credential.js and
// .css, minified (terser, csso) unless --dev. The sources in www/ stay readable and work as they
// are; the pages and the npm package load the copies in www/pkg/.
//
//   node scripts/build-element.mjs [--dev]      (scripts/build.sh runs it after the module)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');
const PKG_LINE = "const PKG = './pkg/';";

/** The element's source as it must read inside pkg/: the module's files are beside it there. */
export function elementForPkg(source) {
  const count = source.split(PKG_LINE).length - 1;
  if (count !== 1) throw new Error(`www/tines-jira-credential.js must hold exactly one line "${PKG_LINE}" (found ${count})`);
  return source.replace(PKG_LINE, "const PKG = './';");
}

export async function buildElement({ dev = false, www = WWW } = {}) {
  const pkg = path.join(www, 'pkg');
  fs.mkdirSync(pkg, { recursive: true });
  let js = elementForPkg(fs.readFileSync(path.join(www, 'tines-jira-credential.js'), 'utf8'));
  let css = fs.readFileSync(path.join(www, 'tines-jira-credential.css'), 'utf8');
  if (!dev) {
    const { minify } = await import('terser');
    const out = await minify(js, { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
    js = out.code;
    const csso = await import('csso');
    // No restructuring: rules stay in their order and place, only whitespace and spelling shrink.
    css = csso.minify(css, { restructure: false, comments: false }).css;
  }
  fs.writeFileSync(path.join(pkg, 'tines-jira-credential.js'), js);
  fs.writeFileSync(path.join(pkg, 'tines-jira-credential.css'), css);
  return { js: js.length, css: css.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = await buildElement({ dev: process.argv.includes('--dev') });
  console.log(`    www/pkg/tines-jira-credential.js: ${sizes.js} bytes; www/pkg/tines-jira-credential.css: ${sizes.css} bytes`);
}
