// Debian's Firefox ESR through puppeteer-core (WebDriver BiDi), pointed at the fake Jira.
//
// Network: `network.dns.forceResolve` sends every host name to 127.0.0.1, where front.mjs listens
// on :443 and passes only the Atlassian names a test asks for to the fake Jira. Everything else
// Firefox might do in the background is switched off below, and whatever is left is refused by the
// front (its `refused` list shows what).

import fs from 'node:fs';

export const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

/**
 * Preferences for a quiet, offline, deterministic Firefox. Puppeteer and Firefox's remote agent
 * already set many (updates, telemetry reporting, safe browsing lists, remote settings); these are
 * the ones that matter here, stated so a reader sees them.
 */
export const QUIET_PREFS = Object.freeze({
  // Every name to 127.0.0.1 (the front on :443); no DNS leaves the machine.
  'network.dns.forceResolve': '127.0.0.1',
  'network.dns.disablePrefetch': true,
  'network.dns.disableIPv6': true,
  'network.trr.mode': 5, // DNS over HTTPS off
  'network.predictor.enabled': false,
  'network.prefetch-next': false,
  'network.http.speculative-parallel-limit': 0,
  'network.http.http3.enable': false, // the fake speaks HTTP/1.1 over TCP
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.notify.checkForProxies': false,
  'network.proxy.type': 0,
  // Background services that would otherwise call home (and land on the front).
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.shield.optoutstudies.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.safebrowsing.update.enabled': false,
  // Remote settings: Firefox release builds ignore this pref unless MOZ_DISABLE_NONLOCAL_CONNECTIONS
  // is set (see launchFirefox), and then skip all remote activity for exactly this value.
  'services.settings.server': 'data:,#remote-settings-dummy/v1',
  'services.sync.engine.addons': false,
  'identity.fxaccounts.enabled': false,
  'dom.push.enabled': false,
  'dom.push.connection.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': 'data:,',
  'toolkit.telemetry.archive.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.newtabpage.activity-stream.feeds.telemetry': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.discovery.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'media.gmp-manager.url': 'data:,',
  'media.gmp-gmpopenh264.enabled': false,
  'browser.search.update': false,
  'browser.search.geoip.url': '',
  'geo.provider.network.url': '',
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  'browser.contentblocking.report.monitor.enabled': false,
  'privacy.query_stripping.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'browser.topsites.contile.enabled': false,
  'browser.translations.enable': false,
  // The page under test: a steady layout for screenshots, no smooth scrolling.
  'general.smoothScroll': false,
  'ui.prefersReducedMotion': 1,
  // No clipboard pref: 'dom.events.testing.asyncClipboard' would also lift the user-activation
  // rule the copy tests prove. readText() needs none here: Firefox shows no Paste prompt for text
  // the same origin wrote.
});

/** Launch Firefox ESR headless over WebDriver BiDi. `prefs` are added to QUIET_PREFS. */
export async function launchFirefox({ prefs = {}, headless = true } = {}) {
  if (!fs.existsSync(FIREFOX)) {
    throw new Error(`${FIREFOX} is missing: run \`bash scripts/setup.sh --browsers\` (it installs Debian's firefox-esr)`);
  }
  const { default: puppeteer } = await import('puppeteer-core');
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless,
    acceptInsecureCerts: true,
    protocolTimeout: 60_000,
    // Firefox's first start on a busy 2-core machine (CI runs two test files at a time) has taken
    // over puppeteer's default 30 s to open its WebDriver BiDi endpoint; a clean-clone run failed
    // the whole Firefox suite that way once. Give it longer.
    timeout: 120_000,
    extraPrefsFirefox: { ...QUIET_PREFS, ...prefs },
    // Firefox's own output (it is chatty on stderr) stays out of the test report.
    dumpio: false,
    env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
  });
}

/** The version Firefox reports, e.g. "firefox/153.8.0" (BiDi). */
export async function firefoxVersion(browser) {
  return browser.version();
}
