// A small Docusaurus 3 docs site that embeds <tines-jira-credential>. tests/e2e/docusaurus.test.mjs
// builds a copy of this folder with the README's snippet:docusaurus put where the SNIPPET comments
// are (the config part here, the MDX part in docs/jira.mdx) and the element's files in
// static/tines-jira-credential/pkg/, then drives the built site in Chromium.

export default {
  title: 'Acme docs',
  url: 'http://127.0.0.1',
  baseUrl: '/',
  trailingSlash: true,
  onBrokenLinks: 'throw',
  markdown: { hooks: { onBrokenMarkdownLinks: 'throw' } },
  themes: ['@docusaurus/theme-classic'],
  plugins: [['@docusaurus/plugin-content-docs', { routeBasePath: '/', sidebarPath: './sidebars.js' }]],
  themeConfig: {
    navbar: {
      title: 'Acme docs',
      items: [
        { to: '/jira/', label: 'Jira credential', position: 'left' },
        { to: '/other/', label: 'Other page', position: 'left' },
      ],
    },
  },
  // SNIPPET:DOCUSAURUS_CONFIG
};
