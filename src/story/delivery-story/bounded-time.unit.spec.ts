import { describe, expect, it } from '@jest/globals';

import {
  addDurations,
  columnInstant,
  MAX_SECONDS,
  plusSeconds,
  secondsBetween,
} from './bounded-time.js';

const LAST_MOMENT = new Date(8.64e15).toISOString();
const FIRST_MOMENT = new Date(-8.64e15).toISOString();

describe('time arithmetic on stored events', () => {
  it('measures a stretch between two moments in seconds, never negative', () => {
    expect(secondsBetween('2026-11-25T14:00:00Z', '2026-11-25T14:01:44Z')).toBe(104);
    expect(secondsBetween('2026-11-25T14:01:44Z', '2026-11-25T14:00:00Z')).toBe(0);
  });

  it('measures the widest stretch a stored event allows without leaving MAX_SECONDS', () => {
    expect(secondsBetween(FIRST_MOMENT, LAST_MOMENT)).toBe(MAX_SECONDS);
    expect(Number.isSafeInteger(MAX_SECONDS)).toBe(true);
    expect(secondsBetween('2026-11-25T14:00:00Z', 'not a moment')).toBe(0);
  });

  it('keeps a sum of stretches within MAX_SECONDS', () => {
    expect(addDurations(MAX_SECONDS, MAX_SECONDS)).toBe(MAX_SECONDS);
    expect(addDurations(30, 74)).toBe(104);
    expect(addDurations(Number.NaN, 5)).toBe(5);
  });

  it('adds seconds to the last representable moment without throwing', () => {
    expect(plusSeconds(LAST_MOMENT, 120)).toBe(LAST_MOMENT);
    expect(plusSeconds('2099-01-01T00:00:00Z', 120)).toBe('2099-01-01T00:02:00.000Z');
    expect(plusSeconds('garbage', 120)).toBe('garbage');
  });

  it('gives timestamptz columns a four-digit year', () => {
    expect(columnInstant(LAST_MOMENT)).toBe('9999-12-31T23:59:59.999Z');
    expect(columnInstant(FIRST_MOMENT)).toBe('0001-01-01T00:00:00.000Z');
    expect(columnInstant('2000-01-01T00:00:00Z')).toBe('2000-01-01T00:00:00.000Z');
  });
});
