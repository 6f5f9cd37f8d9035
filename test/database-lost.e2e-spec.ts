import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';

import { Journey } from './support/journey.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('the database lost under a query', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a read model query that loses its connection 503 STORE.UNAVAILABLE with Retry-After, not 500', async () => {
    const j = new Journey(t);
    await j.schedule();
    await t.settle();
    const url = (t.database.dataSource.options as { url: string }).url;
    // Another session holds the timeline's table: the read's query waits on it, connected.
    const blocker = new pg.Client({ connectionString: url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE read.timeline_entries IN ACCESS EXCLUSIVE MODE');
    try {
      const answer = j.get('timeline');
      // Then the server goes away under it: the operator ends that backend (57P01).
      let ended = false;
      for (let i = 0; i < 500 && !ended; i += 1) {
        // (A statement still being parsed shows as idle, with the last one's text: ask the locks.)
        const { rows } = await blocker.query<{ ended: boolean }>(
          `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks
            WHERE relation = 'read.timeline_entries'::regclass AND NOT granted`,
        );
        ended = rows.some((row) => row.ended);
        if (!ended) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(ended).toBe(true);
      const res = await answer;
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body.error.code).toBe('STORE.UNAVAILABLE');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    // The pool replaced the connection it lost: the next read is answered.
    expect((await j.timeline()).entries.map((e) => e.type)).toEqual(['DeliveryScheduled']);
  });
});
