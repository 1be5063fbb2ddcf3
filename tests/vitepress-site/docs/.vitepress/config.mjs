// A small VitePress docs site that embeds <tines-jira-credential>. tests/e2e/vitepress.test.mjs
// builds a copy of this folder with the README's snippet:vitepress put where the SNIPPET comments
// are (the config part here, the Markdown part in docs/jira.md) and the element's files in
// docs/public/tines-jira-credential/pkg/, then drives the built site in Chromium.

import { defineConfig } from 'vitepress';

export default defineConfig({
  title: 'Acme docs',
  themeConfig: {
    nav: [
      { text: 'Jira credential', link: '/jira' },
      { text: 'Other page', link: '/other' },
    ],
    sidebar: [
      { text: 'Jira credential', link: '/jira' },
      { text: 'Other page', link: '/other' },
    ],
  },
  // SNIPPET:VITEPRESS_CONFIG
});
