// The theme: light or dark, from the `theme` attribute, else the host page's color-scheme, else
// the system's; followed as any of them changes. Shown as `data-scheme` on the element's root and
// as the custom state `:state(dark)` for the host page's own rules.

/** "light", "dark", or null (both or neither) from a color-scheme value such as "light dark". */
export function schemeOf(value) {
  const words = String(value ?? '').split(/\s+/);
  const light = words.includes('light');
  const dark = words.includes('dark');
  return light === dark ? null : light ? 'light' : 'dark';
}

export class Theme {
  #host;
  #internals;
  #wrap = null;
  #stop = null;
  scheme = 'light';

  /** `host`: the element; `internals`: its ElementInternals (for the custom state). */
  constructor(host, internals) {
    this.#host = host;
    this.#internals = internals;
  }

  /** The element's root, which carries `data-scheme`, once its markup is in. */
  attach(wrap) {
    this.#wrap = wrap;
    wrap.dataset.scheme = this.scheme;
  }

  apply() {
    const attr = this.#host.getAttribute('theme');
    let scheme = attr === 'light' || attr === 'dark' ? attr : null;
    if (!scheme) {
      // color-scheme is inherited, so the host element's computed value is the page's CSS; a page
      // that sets it only with <meta name="color-scheme"> says so there. "light dark" (or nothing
      // at all) leaves it to the system.
      const page = getComputedStyle(this.#host).colorScheme.trim();
      scheme = schemeOf(page);
      if (!scheme && /^(normal)?$/.test(page)) scheme = schemeOf(document.querySelector('meta[name="color-scheme"]')?.content);
      scheme ??= matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    }
    this.scheme = scheme;
    if (this.#wrap && this.#wrap.dataset.scheme !== scheme) this.#wrap.dataset.scheme = scheme;
    // For the host page's own rules: tines-jira-credential:state(dark) { --tjc-accent: … }
    try {
      if (scheme === 'dark') this.#internals.states.add('dark');
      else this.#internals.states.delete('dark');
    } catch {
      // A browser without custom states: the element still themes itself.
    }
  }

  /** Follow the system setting and the host page's own theme switches (class, style, data-*). */
  watch() {
    if (this.#stop) return;
    const media = matchMedia('(prefers-color-scheme: dark)');
    const apply = () => this.apply();
    media.addEventListener('change', apply);
    const observer = new MutationObserver(apply);
    for (const node of [document.documentElement, document.body].filter(Boolean)) observer.observe(node, { attributes: true });
    this.#stop = () => {
      media.removeEventListener('change', apply);
      observer.disconnect();
    };
    apply();
  }

  unwatch() {
    this.#stop?.();
    this.#stop = null;
  }
}
