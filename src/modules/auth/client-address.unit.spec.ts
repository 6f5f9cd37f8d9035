import { describe, expect, it } from '@jest/globals';

import { clientAddress } from './client-address.js';

const request = (forwardedFor?: string | string[]) => ({
  socket: { remoteAddress: '10.0.0.9' },
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe("the caller's address", () => {
  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientAddress(request('203.0.113.7'), 0)).toBe('10.0.0.9');
  });

  it('is the entry the trusted proxies appended, never one the caller wrote before them', () => {
    expect(clientAddress(request('203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request(['6.6.6.6', '203.0.113.7, 10.1.1.1']), 2)).toBe('203.0.113.7');
  });

  it('falls back to the furthest entry there is, or the socket, when the header is short', () => {
    expect(clientAddress(request(), 1)).toBe('10.0.0.9');
    expect(clientAddress(request('203.0.113.7'), 3)).toBe('203.0.113.7');
    expect(clientAddress(request(` ${'x'.repeat(500)} `), 1)).toHaveLength(64);
  });
});
