// Loading the wasm modules, once for every element on the page: the first (typing: the checks,
// the report, the check commands) at once; the second (the live check, the pasted answers'
// reader, the story, the Tines API commands) in the background once the form can be checked, or
// when one of those is first asked for. Every check, message and output comes from them; the
// element only draws them.

/** The first module's exports once loaded (a live binding: null until then). Typing works before
 *  that; the checks follow. */
export let api = null;
/** The second module's exports once loaded (null until then). */
export let live = null;

let files = null;
let moduleReady;
let liveReady;

/** Where each module's glue and .wasm are: set once, by the entry file, before anything loads. */
export function locateModule({ glue, wasm, liveGlue, liveWasm }) {
  files = { glue, wasm, liveGlue, liveWasm };
}

/** A User Timing mark (`tjc:<what>`): where start-up goes, for `npm run bench` to read. */
export const mark = (what) => globalThis.performance?.mark?.(`tjc:${what}`);

function load(glueUrl, wasmUrl, name) {
  // The wasm compiles (it needs no imports for that) while the glue loads, instead of after it.
  // Where a server sends the wasm with the wrong type, the glue fetches it again its own way.
  const compiled = WebAssembly.compileStreaming(fetch(wasmUrl)).then(
    (module) => (mark(`${name}-compiled`), module),
    () => wasmUrl,
  );
  const imported = import(glueUrl).then((glue) => (mark(`${name}-glue`), glue));
  return Promise.all([imported, compiled]).then(async ([glue, module]) => {
    await glue.default({ module_or_path: module });
    mark(`${name}-instantiated`);
    return glue;
  });
}

export function loadModule() {
  moduleReady ??= load(files.glue, files.wasm, 'typing').then((glue) => (api = glue));
  return moduleReady;
}

/** The second module: fetched and compiled once, whoever asks first. A failed load may be tried
 *  again (the next click). */
export function loadLive() {
  liveReady ??= load(files.liveGlue, files.liveWasm, 'live').then(
    (glue) => (live = glue),
    (error) => {
      liveReady = null;
      throw error;
    },
  );
  return liveReady;
}
