// A copy of www/ to measure, taken once a section starts: the working tree is shared, and a build
// running beside the bench rewrites www/pkg file by file (a page then loads half of one build, or
// a file that is not there yet). The copy is checked to be whole and unchanged while copying.

import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Files without which the page cannot be measured. */
const NEEDED = ['index.html', 'pkg/tines-jira-credential.js', 'pkg/tines_jira_credential.js', 'pkg/tines_jira_credential_bg.wasm'];

/** { dir, remove() }: a whole copy of `www`. Retries for up to a minute while it is being rebuilt. */
export async function snapshotWww(www) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pkg = path.join(www, 'pkg');
    // Every file's name, size and time: a build removes, adds and rewrites them.
    const stamp = () =>
      existsSync(pkg)
        ? readdirSync(pkg)
            .map((f) => {
              const s = statSync(path.join(pkg, f), { throwIfNoEntry: false });
              return `${f} ${s?.size} ${s?.mtimeMs}`;
            })
            .join('\n')
        : 'none';
    const before = stamp();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tjc-bench-www-'));
    let whole = false;
    try {
      cpSync(www, dir, { recursive: true });
      whole = NEEDED.every((f) => existsSync(path.join(dir, f))) && stamp() === before;
    } catch {
      whole = false;
    }
    if (whole) return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
    rmSync(dir, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`${www} kept changing (or misses ${NEEDED.join(', ')}): is a build running?`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
