import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  exactInteger,
  isoTimestamp,
  toJsonValue,
  toNumber,
} from '../../src/engines/json-values.ts';

describe('engine values as JSON', () => {
  it('keeps integers beyond 2^53 exact as strings', () => {
    assert.equal(toJsonValue(2n ** 53n + 1n), '9007199254740993');
    assert.equal(toJsonValue(42n), 42);
    assert.equal(exactInteger('9007199254740993'), '9007199254740993');
    assert.equal(exactInteger('-12'), -12);
  });

  it('writes dates as ISO 8601 in UTC', () => {
    assert.equal(toJsonValue(new Date(Date.UTC(2024, 0, 2, 3, 4, 5))), '2024-01-02T03:04:05.000Z');
    assert.equal(isoTimestamp('2024-01-02 03:04:05+02'), '2024-01-02T01:04:05.000Z');
    assert.equal(isoTimestamp('2024-01-02 03:04:05.25'), '2024-01-02T03:04:05.250Z');
    assert.equal(isoTimestamp('not a timestamp'), 'not a timestamp');
  });

  it('maps the other kinds without throwing', () => {
    assert.equal(toJsonValue(undefined), null);
    assert.equal(toJsonValue(null), null);
    assert.equal(toJsonValue(Number.NaN), 'NaN');
    assert.equal(toJsonValue([1n, 'a']), '["1","a"]');
    assert.equal(toJsonValue(Buffer.from('hi')), 'aGk=');
    class Decimal {
      toString(): string {
        return '1.50';
      }
    }
    assert.equal(toJsonValue(new Decimal()), '1.50');
    assert.equal(toJsonValue({ a: 1n }), '{"a":"1"}');
    assert.equal(toNumber('17'), 17);
    assert.equal(toNumber(null), 0);
  });
});
