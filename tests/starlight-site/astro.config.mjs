// A small Astro Starlight docs site that embeds <tines-jira-credential>. tests/e2e/starlight.test.mjs
// builds a copy of this folder with the README's snippet:starlight put where the SNIPPET comments
// are (the config part here, the Markdown part in src/content/docs/jira.md) and the element's files
// in public/tines-jira-credential/pkg/, then drives the built site in Chromium.

import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';

export default defineConfig({
  integrations: [
    starlight({
      title: 'Acme docs',
      // No search index: the test has no use for it, and Pagefind's indexing is the slowest step.
      pagefind: false,
      sidebar: [
        { label: 'Jira credential', link: '/jira/' },
        { label: 'Other page', link: '/other/' },
      ],
      // SNIPPET:STARLIGHT_CONFIG
    }),
  ],
});
