import { describe, expect, it } from '@jest/globals';

import { ConnectorRefusalLimiter } from './connector-refusal-limiter.js';

const tooMany = (retryAfterSeconds?: number) =>
  expect.objectContaining({
    status: 429,
    code: 'CONNECTOR.TOO_MANY_REFUSALS',
    ...(retryAfterSeconds !== undefined ? { details: { retryAfterSeconds } } : {}),
  });

describe('the connector refusal limiter', () => {
  it('counts a connector’s refusals up to the limit, then answers its next refusal 429, apart from the others', () => {
    let now = 1_000_000;
    const limiter = new ConnectorRefusalLimiter(
      { limit: 3, windowMs: 60_000, maxConnectors: 100 },
      () => now,
    );
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.isPaused('volvo-connector')).toBe(false);
      expect(() => limiter.refused('volvo-connector')).not.toThrow();
      now += 1_000;
    }
    expect(limiter.isPaused('volvo-connector')).toBe(true);
    expect(() => limiter.refused('volvo-connector')).toThrow(tooMany(57));
    expect(() => limiter.reserve('volvo-connector')).toThrow(tooMany(57));
    expect(() => limiter.refused('gm-connector')).not.toThrow();
  });

  it('lets a connector in again as soon as its oldest refusal leaves the sliding window', () => {
    let now = 0;
    const limiter = new ConnectorRefusalLimiter(
      { limit: 2, windowMs: 10_000, maxConnectors: 100 },
      () => now,
    );
    limiter.refused('c');
    now = 4_000;
    limiter.refused('c');
    now = 9_999;
    expect(() => limiter.refused('c')).toThrow(tooMany(1));
    now = 10_000;
    expect(limiter.isPaused('c')).toBe(false);
    limiter.refused('c');
    expect(() => limiter.refused('c')).toThrow(tooMany(4));
    now = 14_000;
    expect(limiter.isPaused('c')).toBe(false);
  });

  it('counts refusals being stored, so that calls at once cannot store more than the limit', () => {
    const limiter = new ConnectorRefusalLimiter(
      { limit: 2, windowMs: 60_000, maxConnectors: 100 },
      () => 0,
    );
    limiter.reserve('c');
    limiter.reserve('c');
    expect(() => limiter.reserve('c')).toThrow(tooMany());
    // One append did not land (a conflict, a retry answered from the ledger): its place is free again.
    limiter.settle('c', false);
    limiter.settle('c', true);
    expect(limiter.isPaused('c')).toBe(false);
    limiter.reserve('c');
    limiter.settle('c', true);
    expect(() => limiter.refused('c')).toThrow(tooMany(60));
  });

  it('stays within its cap of connectors, forgetting the one refused longest ago', () => {
    let now = 0;
    const limiter = new ConnectorRefusalLimiter(
      { limit: 1, windowMs: 60_000, maxConnectors: 3 },
      () => now,
    );
    for (const connector of ['a', 'b', 'c']) {
      limiter.refused(connector);
      now += 1;
    }
    limiter.refused('d');
    expect(limiter.isPaused('a')).toBe(false);
    for (const connector of ['b', 'c', 'd']) expect(limiter.isPaused(connector)).toBe(true);
    // Connectors whose refusals have left the window are forgotten first, whatever their order.
    now = 60_002;
    limiter.refused('e');
    limiter.refused('f');
    limiter.refused('g');
    for (const connector of ['e', 'f', 'g']) expect(limiter.isPaused(connector)).toBe(true);
  });
});
