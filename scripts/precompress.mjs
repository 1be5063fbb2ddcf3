// Writes a gzip -9 (.gz) and a Brotli quality 11 (.br) copy beside each .wasm, .js and .css file
// in a folder, for servers that send precompressed files as they are: nginx's gzip_static (and
// brotli_static, where its module is installed), and hosts that upload files as they are
// (README.md, "Compression"). gzip is GNU gzip's own (-n: no name or time in the header), as
// scripts/bench/weight.mjs measures it; Brotli is Node's zlib at quality 11, the format's best.
//
//   node scripts/precompress.mjs www/pkg      (scripts/build.sh runs it on a release build)

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

export const COMPRESSIBLE = /\.(wasm|js|css)$/;

export function gzip9(bytes) {
  return execFileSync('gzip', ['-9', '-n'], { input: bytes, maxBuffer: 64 * 1024 * 1024 });
}

export function brotli11(bytes, isText) {
  return zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_MODE]: isText ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/** Writes FILE.gz and FILE.br beside every compressible file in `dir`; returns their sizes. */
export function precompress(dir) {
  const written = [];
  for (const name of fs.readdirSync(dir).filter((n) => COMPRESSIBLE.test(n)).sort()) {
    const file = path.join(dir, name);
    const bytes = fs.readFileSync(file);
    const gz = gzip9(bytes);
    const br = brotli11(bytes, !name.endsWith('.wasm'));
    fs.writeFileSync(`${file}.gz`, gz);
    fs.writeFileSync(`${file}.br`, br);
    written.push({ name, raw: bytes.length, gzip: gz.length, brotli: br.length });
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node scripts/precompress.mjs DIR');
  for (const f of precompress(dir)) console.log(`    ${dir}/${f.name}: ${f.raw} bytes, ${f.gzip} gzip -9, ${f.brotli} Brotli 11`);
}
