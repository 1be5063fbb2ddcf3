// Loading the wasm module: its generated glue and the .wasm, once for every element on the page.
// Every check, message and output comes from the module; the element only draws them.

/** The module's exports once loaded (a live binding: null until then). Typing works before that;
 *  the checks follow. */
export let api = null;

let files = null;
let moduleReady;

/** Where the glue and the .wasm are: set once, by the entry file, before anything loads. */
export function locateModule({ glue, wasm }) {
  files = { glue, wasm };
}

export function loadModule() {
  if (moduleReady) return moduleReady;
  // The wasm compiles (it needs no imports for that) while the glue loads, instead of after it.
  // Where a server sends the wasm with the wrong type, the glue fetches it again its own way.
  const compiled = WebAssembly.compileStreaming(fetch(files.wasm)).catch(() => files.wasm);
  moduleReady = Promise.all([import(files.glue), compiled]).then(async ([glue, module]) => {
    await glue.default({ module_or_path: module });
    api = glue;
  });
  return moduleReady;
}
