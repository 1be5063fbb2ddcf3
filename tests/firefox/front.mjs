// A thin TLS front on 127.0.0.1:443 for Firefox, in front of the fake Jira (tests/e2e/fake-jira.mjs).
//
// Firefox has no per-host resolver rules like Chromium's --host-resolver-rules. What it has is
// `network.dns.forceResolve`, which sends EVERY host name to one address, but not to a port: so the
// fake must answer on 127.0.0.1:443, and every background service Firefox still runs (settings,
// safe browsing, telemetry, captive portal, push, ...) lands there too.
//
// This front reads the server name (SNI) from each TLS ClientHello and only then decides:
//   - a name in `serve` (the Atlassian hosts a test uses): the bytes are piped to the fake, which
//     answers by the Host header as Jira does;
//   - any other name, or no name, or anything that is not TLS: the socket is destroyed without a
//     byte of answer. Firefox sees the connection fail (NS_ERROR_NET_RESET / "NetworkError when
//     attempting to fetch resource"), exactly as for a host that is not there. That is how a test gets
//     an `unreachable` site although forceResolve maps every name to 127.0.0.1: a name left out of
//     `serve` (e.g. gone.atlassian.net) never reaches the fake, for the check's fetch and for the
//     module's no-cors probe alike.
//
// `refused` lists every name the front turned away (background services included), so a test can
// show what it kept away from the fake.

import net from 'node:net';

/** The server name from a TLS ClientHello record, or null (not TLS, no SNI, or not complete yet). */
export function readSni(buf) {
  // TLS record: type 22 (handshake), version (2), length (2); handshake type 1 (ClientHello).
  if (buf.length < 5 || buf[0] !== 22) return { complete: buf.length >= 5, name: null };
  const recordLength = buf.readUInt16BE(3);
  if (buf.length < 5 + recordLength) return { complete: false, name: null };
  let p = 5;
  if (buf[p] !== 1) return { complete: true, name: null };
  p += 4; // handshake type + 3-byte length
  p += 2 + 32; // client version, random
  p += 1 + buf[p]; // session id
  p += 2 + buf.readUInt16BE(p); // cipher suites
  p += 1 + buf[p]; // compression methods
  if (p + 2 > 5 + recordLength) return { complete: true, name: null };
  const end = p + 2 + buf.readUInt16BE(p);
  p += 2;
  while (p + 4 <= end) {
    const type = buf.readUInt16BE(p);
    const length = buf.readUInt16BE(p + 2);
    p += 4;
    if (type === 0) {
      // server_name: list length (2), then entries: name type (1), length (2), name.
      let q = p + 2;
      while (q + 3 <= p + length) {
        const nameType = buf[q];
        const nameLength = buf.readUInt16BE(q + 1);
        if (nameType === 0) return { complete: true, name: buf.subarray(q + 3, q + 3 + nameLength).toString('ascii').toLowerCase() };
        q += 3 + nameLength;
      }
    }
    p += length;
  }
  return { complete: true, name: null };
}

/**
 * Listen on host:port (default 127.0.0.1:443) and pipe TLS connections whose SNI is in `serve`
 * to 127.0.0.1:`to`. Returns { port, served, refused, close }.
 */
export async function startFront({ to, serve, port = 443, host = '127.0.0.1' }) {
  const allowed = new Set(serve.map((s) => s.toLowerCase()));
  const served = [];
  const refused = [];
  const sockets = new Set();

  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    let buffered = Buffer.alloc(0);
    const timer = setTimeout(() => client.destroy(), 5_000);
    const onData = (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      let sni;
      try {
        sni = readSni(buffered);
      } catch {
        sni = { complete: true, name: null };
      }
      if (!sni.complete && buffered.length < 16_384) return;
      clearTimeout(timer);
      client.off('data', onData);
      if (!sni.name || !allowed.has(sni.name)) {
        refused.push({ name: sni.name ?? '(none)', time: Date.now() });
        client.destroy();
        return;
      }
      served.push({ name: sni.name, time: Date.now() });
      const upstream = net.connect(to, '127.0.0.1');
      sockets.add(upstream);
      upstream.on('close', () => {
        sockets.delete(upstream);
        client.destroy();
      });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.write(buffered);
      client.pipe(upstream);
      upstream.pipe(client);
    };
    client.on('data', onData);
  });

  await new Promise((resolve, reject) => {
    server.once('error', (err) => {
      if (err.code === 'EADDRINUSE') {
        reject(new Error(`${host}:${port} is in use: another Firefox suite (or a web server) is running; stop it and run again`));
      } else if (err.code === 'EACCES') {
        reject(new Error(`${host}:${port} needs root (or CAP_NET_BIND_SERVICE): Firefox's network.dns.forceResolve maps names, not ports`));
      } else reject(err);
    });
    server.listen(port, host, resolve);
  });

  let closed = null;
  return {
    port: server.address().port,
    served,
    refused,
    close() {
      closed ??= new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}
