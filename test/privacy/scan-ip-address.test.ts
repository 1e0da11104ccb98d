import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIpAddress, isIpv4, isIpv6 } from '../../src/core/privacy/scan/ip-address.ts';

test('IPv4 addresses pass; octets over 255, leading zeros and other part counts do not', () => {
  for (const v of ['192.168.0.1', '10.0.0.255', '8.8.8.8', '255.255.255.255', '0.0.0.0'])
    assert.equal(isIpv4(v), true, v);
  for (const v of ['256.1.1.1', '192.168.0', '1.2.3.4.5', '01.2.3.4', '1.2.3.a', '2.14.1', ''])
    assert.equal(isIpv4(v), false, v);
});

test('IPv6 addresses pass in full, compressed and v4-mapped form', () => {
  for (const v of [
    '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
    '2001:db8::8a2e:370:7334',
    '::1',
    '::',
    'fe80::1ff:fe23:4567:890a',
    '::ffff:192.0.2.1',
    '2001:DB8::1',
    '1:2:3:4:5:6:7::',
  ])
    assert.equal(isIpv6(v), true, v);
});

test('malformed IPv6 does not pass', () => {
  for (const v of [
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '12345::1',
    'g::1',
    ':::',
    '1:2:3:4:5:6:7:8::',
    '::ffff:999.0.2.1',
    '00:1a:2b:3c:4d:5e',
  ])
    assert.equal(isIpv6(v), false, v);
  assert.equal(isIpAddress('00:1a:2b:3c:4d:5e'), false, 'a MAC address');
});

test('an address with a port, as access logs write clients, is an IP address', () => {
  assert.equal(isIpAddress('192.0.2.1:8080'), true);
  assert.equal(isIpAddress('[2001:db8::1]:443'), true);
  assert.equal(isIpAddress('192.0.2.1:0'), false, 'port 0');
  assert.equal(isIpAddress('192.0.2.1:65536'), false, 'port out of range');
  assert.equal(isIpAddress('[2001:db8::1]'), false);
  assert.equal(isIpAddress('example.com:80'), false);
});
