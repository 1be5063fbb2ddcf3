// A realistic mixed set of what people type or paste into the four fields: about 50 inputs the
// checks accept and about 50 they reject per field, the rejected ones being the mistakes docs/architecture.md
// lists (board URLs with user-info or ports, one-letter endings, `Basic ` prefixes, Bitbucket tokens…).
// Deterministic: tokens are synthetic (seeded random body + the real CRC-32 tail), never real ones.

const COMPANIES = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark-industries', 'wayne-ent', 'cyberdyne', 'tyrell', 'soylent'];
// The characters of an ATATT3 token body (A-Z a-z 0-9 _ -).
const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const PEOPLE = ['jane', 'john.smith', 'a.lovelace', 'grace_hopper', 'ops+jira', 'k.o-brien', 'li.wei', 'sam', 'it-admin', 'x9'];

/** Site inputs: a bare name, a host, board and issue links, http with a warning, legacy and custom hosts. */
export const SITES = [
  ...COMPANIES.flatMap((c) => [
    c,
    `${c}.atlassian.net`,
    `https://${c}.atlassian.net/jira/software/projects/OPS/boards/12?selectedIssue=OPS-7`,
    `http://${c.toUpperCase()}.atlassian.net/`,
    c.length % 2 ? `${c}.jira.com` : `jira.${c}.com`,
  ]),
  ...COMPANIES.flatMap((c) => [
    `jane@${c}.atlassian.net`,
    `https://${c}.atlassian.net:8443/`,
    `id.atlassian.com/manage-profile/security/api-tokens`,
    `${c} .atlassian.net`,
    ['', 'localhost', '10.0.0.12', `${c}..atlassian.net`, `ü${c}.atlassian.net`, `-${c}.atlassian.net`, 'ab', `a.b.${c}.atlassian.net`, '%61cme.atlassian.net', 'admin.atlassian.com'][COMPANIES.indexOf(c)],
  ]),
];

/** Email inputs: plain, dotted, plus-addressed and service-account addresses; display names, IP domains, doubled dots. */
export const EMAILS = [
  ...PEOPLE.flatMap((p, i) => [
    `${p}@${COMPANIES[i]}.com`,
    `  ${p}@${COMPANIES[i]}.co.uk `,
    `${p}@mail.${COMPANIES[i]}.io`,
    `${p.toUpperCase()}@${COMPANIES[i].toUpperCase()}.COM`,
    i % 2 ? `${p}@serviceaccount.atlassian.com` : `${p}@${COMPANIES[i]}.example`,
  ]),
  ...PEOPLE.flatMap((p, i) => [
    `${p}@${COMPANIES[i]}.c`, // a slip at the end: no top-level domain has one letter
    `${p}@${COMPANIES[i]}`,
    `${p}@@${COMPANIES[i]}.com`,
    `${p}@10.0.0.${i}`,
    ['', 'jane', '.jane@acme.com', 'jane.@acme.com', 'ja..ne@acme.com', 'jané@acme.com', 'jane doe@acme.com', `${'x'.repeat(65)}@acme.com`, 'jane@acme..com', 'jane@-acme.com'][i],
  ]),
];

/** Token inputs: current ATATT3 tokens (some with whitespace, quotes or a bad checksum); prefixes, emails, Bitbucket tokens. */
export const TOKENS = (() => {
  const random = seededRandom(0x7153);
  const tokens = [];
  for (let i = 0; i < 50; i++) {
    const token = atatt3Token(random);
    if (i % 10 === 7) tokens.push(token.slice(0, -1) + (token.endsWith('0') ? '1' : '0')); // altered checksum: a warning
    else if (i % 10 === 8) tokens.push(`"${token}"`); // copied from JSON with its quotes: a note
    else if (i % 10 === 9) tokens.push(`  ${token}\n`); // pasted with whitespace: a note
    else tokens.push(token);
  }
  for (let i = 0; i < 50; i++) {
    const token = atatt3Token(random);
    const email = `${PEOPLE[i % 10]}@${COMPANIES[i % 10]}.com`;
    tokens.push(
      [
        `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
        `Bearer ${token}`,
        `${token.slice(0, 90)} ${token.slice(90)}`,
        email,
        `ATCTT3${token.slice(6)}`,
      ][i % 5],
    );
  }
  tokens[99] = '';
  return tokens;
})();

/** Credential names: typical names; empty or keyless names. */
export const NAMES = [
  ...Array.from({ length: 50 }, (_, i) => ['Jira', 'Jira Prod', 'jira_staging', ' Jira (EU) ', `Jira ${COMPANIES[i % 10]} ${i}`][i % 5]),
  ...Array.from({ length: 50 }, (_, i) => ['', '   ', '---', '日本語', '()'][i % 5]),
];

/** What a person has typed once every field is filled in: the input of a keystroke late in the form. */
export const FULL_INPUT = Object.freeze({
  site: 'https://acme.atlassian.net/jira/software/projects/OPS/boards/12',
  email: 'jane@acme.com',
  token: atatt3Token(seededRandom(42)),
  name: 'Jira Prod',
});

// ---------------------------------------------------------------------------------------------
// Synthetic tokens (docs/architecture.md, Token): a 183-char body starting ATATT3, "=", then the CRC-32 of
// the first 184 chars as 8 uppercase hex digits.

function atatt3Token(random) {
  let body = 'ATATT3';
  while (body.length < 183) body += TOKEN_ALPHABET[Math.floor(random() * TOKEN_ALPHABET.length)];
  const head = `${body}=`;
  return head + crc32(head).toString(16).toUpperCase().padStart(8, '0');
}

/** CRC-32 (IEEE, as zlib) of an ASCII string. */
function crc32(text) {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc ^= text.charCodeAt(i);
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** mulberry32: a small seeded generator, so every run checks the same inputs. */
function seededRandom(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
