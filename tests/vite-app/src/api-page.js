// The module's JavaScript API, as the README tells Vite users to call it: `await init()`, then the
// functions. Type a site and see what checkSite says about it.
import init, { checkSite } from 'tines-jira-credential';

const ready = init();

export async function render(app) {
  app.innerHTML = `
    <h1>checkSite</h1>
    <label for="site">Jira site</label>
    <input id="site" autocomplete="off" spellcheck="false">
    <pre id="result"></pre>`;
  await ready;
  const input = app.querySelector('#site');
  const result = app.querySelector('#result');
  input.addEventListener('input', () => {
    result.textContent = JSON.stringify(checkSite(input.value), null, 2);
  });
  // For the test: the same function, to compare many inputs with the module in Node.
  window.checkSite = checkSite;
  app.dataset.ready = '';
}
