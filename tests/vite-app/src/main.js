// Two pages, one per way of using the package, each loaded when its page (#/ or #/api) is opened:
// src/element-page.js imports the element, src/api-page.js the module's JavaScript API.
const app = document.getElementById('app');

async function show() {
  const page = location.hash === '#/api' ? await import('./api-page.js') : await import('./element-page.js');
  page.render(app);
}

window.addEventListener('hashchange', show);
show();
