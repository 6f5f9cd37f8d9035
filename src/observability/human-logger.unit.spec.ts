import { Writable } from 'node:stream';

import { describe, expect, it } from '@jest/globals';
import type { DestinationStream } from 'pino';

import { humanLogger } from './human-logger.js';
import { JsonNestLogger } from './json-logger.js';

const collected = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination: stream as unknown as DestinationStream };
};

describe('the log at a terminal', () => {
  it('tells a request in one plain line: method, route, status, duration, role and its ids', () => {
    const { lines, destination } = collected();
    humanLogger({ colorize: false, destination }).info(
      {
        requestId: 'r-1',
        correlationId: 'c-1',
        method: 'POST',
        route: '/v1/deliveries/:id/grants',
        status: 201,
        ms: 12.3,
        role: 'delivery-service',
      },
      'request',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: POST \/v1\/deliveries\/:id\/grants 201 12\.3 ms delivery-service \{"requestId":"r-1"\}$/,
    );
  });

  it('writes start-up lines plainly, with their context and no JSON', () => {
    const { lines, destination } = collected();
    new JsonNestLogger(humanLogger({ colorize: false, destination })).log(
      'listening on http://127.0.0.1:3000',
      'keytrail',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/INFO: \[keytrail\] listening on http:\/\/127\.0\.0\.1:3000$/);
  });

  it('says a failed request failed, still on one line', () => {
    const { lines, destination } = collected();
    humanLogger({ colorize: false, destination }).error(
      { requestId: 'r-2', method: 'GET', route: '/v1/cases', status: 500, ms: 3 },
      'request failed',
    );
    expect(lines).toEqual([
      expect.stringMatching(/ERROR: GET \/v1\/cases 500 3 ms request failed/),
    ]);
  });
});
