import { describe, expect, it } from '@jest/globals';

import { conflictingDuplicateFields } from './duplicate-fields.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('fields a payload states twice', () => {
  it('names a field stated twice with different values, with both values, at any depth', () => {
    const doors =
      '{"data":{"centralLock":{"value":"LOCKED","timestamp":"2026-11-25T14:03:12Z"},' +
      '"tailgate":{"value":"OPEN","timestamp":"2026-11-25T14:03:12Z"},' +
      '"tailgate":{"value":"CLOSED","timestamp":"2026-11-25T14:03:12Z"}}}';
    expect(conflictingDuplicateFields(bytes(doors))).toEqual([
      'data.tailgate is stated twice: {"timestamp":"2026-11-25T14:03:12Z","value":"OPEN"} and {"timestamp":"2026-11-25T14:03:12Z","value":"CLOSED"}',
    ]);
    expect(conflictingDuplicateFields(bytes('[{"a":1,"a":2}]'))).toEqual([
      '[0].a is stated twice: 1 and 2',
    ]);
  });

  it('lets a field stated twice with the same value, and a payload without duplicates, through', () => {
    expect(conflictingDuplicateFields(bytes('{"a":{"x":1,"y":2},"a":{"y":2,"x":1}}'))).toEqual([]);
    expect(conflictingDuplicateFields(bytes('{"a":1,"b":{"a":2}}'))).toEqual([]);
    expect(conflictingDuplicateFields(undefined)).toEqual([]);
    expect(conflictingDuplicateFields(bytes('not json'))).toEqual([]);
  });

  it('never throws on a body nested deeper than any payload, whole or cut short', () => {
    for (const depth of [3_000, 20_000]) {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      expect(conflictingDuplicateFields(bytes(deep))).toEqual([]);
    }
    expect(conflictingDuplicateFields(bytes('['.repeat(100)))).toEqual([]);
    const deepObject = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    expect(conflictingDuplicateFields(bytes(deepObject))).toEqual([]);
  });
});
