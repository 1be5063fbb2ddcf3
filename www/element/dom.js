// Small DOM helpers every part of the element shares: building nodes, the icons, and saying
// something to screen readers. Nothing a person types is ever put into HTML: text goes in with
// textContent; only the fixed icons below are markup.

export const ICONS = {
  error:
    '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><circle class="i-bg" cx="8" cy="8" r="7.5"/><path class="i-stroke" d="M8 4.3v4.5"/><circle class="i-dot" cx="8" cy="11.5" r="1.1"/></svg>',
  warning:
    '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path class="i-bg i-round" d="M8 1.3 15.1 14.2H.9Z"/><path class="i-stroke" d="M8 5.8v3.9"/><circle class="i-dot" cx="8" cy="12" r="1"/></svg>',
  info:
    '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><circle class="i-bg" cx="8" cy="8" r="7.5"/><circle class="i-dot" cx="8" cy="4.7" r="1.1"/><path class="i-stroke" d="M8 7.3v4.5"/></svg>',
  success:
    '<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><circle class="i-bg" cx="8" cy="8" r="7.5"/><path class="i-stroke" d="m4.7 8.2 2.2 2.2 4.3-4.6"/></svg>',
  copy:
    '<svg class="icon icon-line" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><rect x="5.5" y="5.5" width="8" height="8" rx="1.5"/><path d="M10.5 3.5V3A1.5 1.5 0 0 0 9 1.5H4A1.5 1.5 0 0 0 2.5 3v5A1.5 1.5 0 0 0 4 9.5h.5"/></svg>',
  check:
    '<svg class="icon icon-line" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="m3.5 8.5 3 3 6-7"/></svg>',
  download:
    '<svg class="icon icon-line" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M8 2v8m-3.5-3.5L8 10l3.5-3.5M2.5 13.5h11"/></svg>',
};
ICONS.neutral = ICONS.info;

/** `h('p', { className: 'x', 'data-y': '' }, 'text', child)`: keys with a dash are attributes. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v == null || v === false) continue;
    if (k.includes('-')) el.setAttribute(k, v);
    else el[k] = v;
  }
  el.append(...children.filter((child) => child != null));
  return el;
}

export function iconNode(name) {
  const span = document.createElement('span');
  span.className = 'icon-wrap';
  span.innerHTML = ICONS[name];
  return span;
}

/** Says `message` through the live region `live`. */
export function announce(live, message) {
  live.textContent = '';
  // A fresh text node after a tick, so the same message twice is announced twice.
  setTimeout(() => {
    live.textContent = message;
  }, 30);
}
