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

  it('does not walk a payload nesting deeper than a body may (the validation pipe refuses it)', () => {
    const deep = (levels: number) =>
      bytes(`{"a":1,"a":2,"b":${'['.repeat(levels)}${']'.repeat(levels)}}`);
    expect(conflictingDuplicateFields(deep(31))).toEqual(['a is stated twice: 1 and 2']);
    expect(conflictingDuplicateFields(deep(32))).toEqual([]);
    expect(conflictingDuplicateFields(deep(3_000))).toEqual([]);
  });
});
