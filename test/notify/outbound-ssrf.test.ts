import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { describe, it } from 'node:test';
import {
  checkOutboundUrl,
  isSpecialAddress,
  outboundPolicyFromEnv,
} from '../../src/app/notify/channels/outbound-address.ts';
import { postOutbound } from '../../src/app/notify/channels/outbound-http.ts';
import { startReceiver } from './support.ts';

const strict = outboundPolicyFromEnv({});
const local = outboundPolicyFromEnv({
  MESHWORK_WEBHOOK_ALLOW_HOSTS: ' 127.0.0.1 , Hooks.Internal ',
});

/** A TCP listener on 127.0.0.1 counting connections: the SSRF target. */
async function tcpTarget(): Promise<{
  port: number;
  connections: () => number;
  close(): Promise<void>;
}> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const post = (url: string, policy = strict) =>
  postOutbound({
    url,
    body: '{}',
    headers: { 'content-type': 'application/json' },
    policy,
    timeoutMs: 3000,
  });

describe('outbound notifications refuse to reach the internal network (SSRF)', () => {
  it('knows the special addresses, IPv4, IPv6 and IPv4 inside IPv6', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::7f00:1',
      'not an address',
    ])
      assert.equal(isSpecialAddress(address), true, address);
    for (const address of [
      '93.184.216.34',
      '172.32.0.1',
      '8.8.8.8',
      '2606:4700::1111',
      '::ffff:8.8.8.8',
    ])
      assert.equal(isSpecialAddress(address), false, address);
  });

  it('knows IPv6 forms that embed a special IPv4 address or are site-local (6to4, NAT64, Teredo, fec0::/10, mapped spellings)', () => {
    for (const address of [
      '2002:7f00:1::', // 6to4 of 127.0.0.1
      '2002:a9fe:a9fe::1', // 6to4 of 169.254.169.254, the cloud metadata service
      '2002:c0a8:101::', // 6to4 of 192.168.1.1
      '64:ff9b:1::a9fe:a9fe', // local-use NAT64
      '64:ff9b::8.8.8.8', // NAT64 is refused whole, whatever it embeds
      '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
      'fec0::1', // site-local
      'feff::1',
      '::ffff:0:7f00:1', // IPv4-translated 127.0.0.1
      '::ffff:0:127.0.0.1',
      '0:0:0:0:0:ffff:7f00:1', // IPv4-mapped, spelt out
      '::FFFF:127.0.0.1',
      '::7f00:1', // IPv4-compatible 127.0.0.1
      '::127.0.0.1',
      '::a00:1', // IPv4-compatible 10.0.0.1
      'fe80::1%eth0',
    ])
      assert.equal(isSpecialAddress(address), true, address);
    for (const address of ['2002:808:808::1', '::ffff:0:808:808', '2a00:1450:4001:80b::200e'])
      assert.equal(isSpecialAddress(address), false, address);
    for (const url of [
      'https://[2002:7f00:1::]/x',
      'https://[::ffff:0:7f00:1]/x',
      'https://[::7f00:1]/x',
      'https://[fec0::1]/x',
      'https://[64:ff9b:1::a9fe:a9fe]/x',
      'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x',
    ]) {
      const checked = checkOutboundUrl(url, strict);
      assert.ok(
        !checked.ok && checked.code === 'address-refused',
        `${url}: ${JSON.stringify(checked)}`,
      );
    }
  });

  it('refuses http, credentials and special IP literals before connecting', () => {
    const refused = (url: string, code: string) => {
      const checked = checkOutboundUrl(url, strict);
      assert.equal(checked.ok, false, url);
      assert.ok(!checked.ok && checked.code === code, `${url}: ${JSON.stringify(checked)}`);
    };
    refused('http://hooks.example.com/x', 'https-required');
    refused('ftp://hooks.example.com/x', 'https-required');
    refused('file:///etc/passwd', 'https-required');
    refused('https://user:pw@hooks.example.com/x', 'invalid-url');
    refused('not a url', 'invalid-url');
    refused('https://127.0.0.1/x', 'address-refused');
    refused('https://169.254.169.254/latest/meta-data/', 'address-refused');
    refused('https://[::1]/x', 'address-refused');
    refused('https://[::ffff:127.0.0.1]/x', 'address-refused');
    // Other spellings of 127.0.0.1 are normalised by the URL parser and refused too.
    refused('https://2130706433/x', 'address-refused');
    refused('https://0x7f.1/x', 'address-refused');
    assert.equal(checkOutboundUrl('https://hooks.example.com/x', strict).ok, true);
    // Allowed hosts (case-insensitive) may use http and private addresses.
    assert.equal(checkOutboundUrl('http://127.0.0.1:9/x', local).ok, true);
    assert.equal(checkOutboundUrl('http://hooks.internal/x', local).ok, true);
    assert.equal(checkOutboundUrl('http://127.0.0.2/x', local).ok, false);
  });

  it('the attack: a name resolving to loopback is refused at connect time, nothing reaches the target', async (t) => {
    const target = await tcpTarget();
    t.after(() => target.close());
    // `localhost` passes the URL check (a name, https) and resolves to 127.0.0.1 / ::1.
    const viaName = await post(`https://localhost:${target.port}/admin`);
    assert.ok(
      viaName.kind === 'not-sent' && viaName.code === 'address-refused',
      JSON.stringify(viaName),
    );
    assert.match(viaName.message, /MESHWORK_WEBHOOK_ALLOW_HOSTS/);
    const viaLiteral = await post(`https://127.0.0.1:${target.port}/admin`);
    assert.ok(viaLiteral.kind === 'not-sent' && viaLiteral.code === 'address-refused');
    const viaHttp = await post(`http://127.0.0.1:${target.port}/admin`);
    assert.ok(viaHttp.kind === 'not-sent' && viaHttp.code === 'https-required');
    assert.equal(target.connections(), 0, 'no connection was made to the internal target');
  });

  it('follows no redirect: a 302 to an internal address is the answer, not a second request', async (t) => {
    const inner = await startReceiver();
    const outer = await startReceiver(() => ({
      status: 302,
      headers: { location: inner.url },
    }));
    t.after(async () => {
      await inner.close();
      await outer.close();
    });
    const result = await post(outer.url, local);
    assert.ok(result.kind === 'answered' && result.status === 302, JSON.stringify(result));
    assert.equal(outer.requests.length, 1);
    assert.equal(inner.requests.length, 0, 'the redirect was not followed');
  });

  it('times out a receiver that never answers and keeps at most 200 characters of an answer', async (t) => {
    const silent = await tcpTargetThatHolds();
    const chatty = await startReceiver(() => ({ status: 200, body: 'y'.repeat(100_000) }));
    t.after(async () => {
      await silent.close();
      await chatty.close();
    });
    const started = Date.now();
    const timedOut = await postOutbound({
      url: `http://127.0.0.1:${silent.port}/`,
      body: '{}',
      headers: {},
      policy: local,
      timeoutMs: 300,
    });
    assert.ok(
      timedOut.kind === 'no-answer' && timedOut.code === 'timeout',
      JSON.stringify(timedOut),
    );
    assert.ok(Date.now() - started < 3000);
    const long = await post(chatty.url, local);
    assert.ok(long.kind === 'answered' && long.response === 'y'.repeat(200));
  });
});

/** Accepts connections and never answers. */
async function tcpTargetThatHolds(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
