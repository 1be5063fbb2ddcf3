// The element, as the README tells Vite users to add it: one import, then the tag.
import 'tines-jira-credential/element';

export function render(app) {
  app.innerHTML = `
    <h1>Set up the Jira credential for Tines</h1>
    <tines-jira-credential site="acme.atlassian.net" name="Jira"></tines-jira-credential>`;
}
