import fc from 'fast-check';

/** Values no schema of this API accepts where it wants a string. */
export const notAString = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
  );

/** Values no schema of this API accepts where it wants a number. */
export const notANumber = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom('50', 'NaN', 'Infinity', '-Infinity', '1e309', '0x10', '', ' 12 '),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.object({ maxDepth: 1 }),
  );

/** Values no schema of this API accepts where it wants an object. */
export const notAnObject = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  );

export const notABoolean = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom('true', 'false', 1, 0, 'yes'),
    fc.constant(null),
    fc.object({ maxDepth: 1 }),
  );

export const notAnArray = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.constant(null),
    fc.object({ maxDepth: 1 }),
  );

/** Strings that look like trouble: SQL, paths, huge, control characters, far dates, lone surrogates. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(
      "' OR 1=1 --",
      "'; DROP TABLE ledger.events; --",
      '"; SELECT pg_sleep(10); --',
      '../../etc/passwd',
      '%00',
      '\u0000',
      '\ud800',
      '<script>alert(1)</script>',
      '${7*7}',
      '__proto__',
      'constructor',
      '9999-12-31T23:59:59.999Z',
      '-000001-01-01T00:00:00Z',
      '2026-02-30T25:61:61Z',
      'not-a-date',
    ),
    fc.string({ minLength: 300, maxLength: 3000 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
  );

/** JSON text nested far deeper than any body of this API. */
export const deepNesting = (depth: number): string =>
  `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
