// What both fakes (fake-jira.mjs, fake-data-center.mjs) answer with: `send` writes a status, the
// answer's own headers over the fake's `base` ones, and a body with its length (none to a HEAD);
// `json` sends a value as Jira's JSON.

export function answerers(req, res, base) {
  const send = (status, headers, body = '') => {
    const buf = Buffer.from(body, 'utf8');
    res.writeHead(status, { ...base, ...headers, 'Content-Length': buf.length });
    res.end(req.method === 'HEAD' ? undefined : buf);
  };
  const json = (status, value, headers = {}) =>
    send(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers }, JSON.stringify(value));
  return { send, json };
}
