// The framed page's side of an <iframe> that fits its content (framed.html loads it): it tells the
// page that frames it how tall its content is, in CSS pixels, each time that changes, so that the
// parent's few lines (iframe-parent.js) can set the iframe's height and the person gets one
// scrollbar, the docs page's.
//
// It speaks only to the origin named in the page's own address, ?parent=https://docs.example.com,
// which the docs page's author writes into the iframe's src: postMessage delivers the number only to
// a parent of exactly that origin, and the page sends nothing when it is not framed, when no
// parent is named, or when the name is not an http(s) origin ("*" included). The message is a bare
// number and says nothing about what is typed. Which sites may frame the page at all is the
// operator's frame-ancestors setting (deploy/nginx/tines-jira-framing.conf).

const parentOrigin = (() => {
  const named = new URLSearchParams(location.search).get('parent');
  if (!named) return null;
  try {
    const url = new URL(named);
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    return (url.protocol === 'https:' || url.protocol === 'http:') && bare && named.replace(/\/$/, '') === url.origin ? url.origin : null;
  } catch {
    return null;
  }
})();

if (parentOrigin && window.parent !== window) {
  let sent = 0;
  const send = () => {
    // The content's height, not the frame's: the root element is as tall as what is in it.
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height > 0 && height !== sent) {
      sent = height;
      window.parent.postMessage(height, parentOrigin);
    }
  };
  // Until the element is ready it holds its place with a min-height of 100vh, which is the frame's
  // own height and would grow with it: start once it is ready (the fixed height stays until then).
  const start = () => new ResizeObserver(send).observe(document.documentElement);
  const element = document.querySelector('tines-jira-credential');
  if (!element || element.hasAttribute('ready')) start();
  else element.addEventListener('ready', start, { once: true });
}
