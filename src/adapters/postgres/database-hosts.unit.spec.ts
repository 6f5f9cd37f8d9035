import { describe, expect, it } from '@jest/globals';

import { parseDatabaseHosts } from './database-hosts.js';

describe('a DATABASE_URL naming several servers', () => {
  it('lists them in order and keeps the first for node-postgres, without target_session_attrs', () => {
    expect(
      parseDatabaseHosts(
        'postgres://keytrail:s%40cret@db-a:5432,db-b:5433,[::1]/ledger?target_session_attrs=read-write&sslmode=require',
      ),
    ).toEqual({
      hosts: [
        { host: 'db-a', port: 5432 },
        { host: 'db-b', port: 5433 },
        { host: '::1', port: 5432 },
      ],
      targetSessionAttrs: 'read-write',
      singleHostUrl: 'postgres://keytrail:s%40cret@db-a:5432/ledger?sslmode=require',
    });
  });

  it('reads a single host as before', () => {
    expect(parseDatabaseHosts('postgres://postgres@127.0.0.1:5432/keytrail')).toEqual({
      hosts: [{ host: '127.0.0.1', port: 5432 }],
      targetSessionAttrs: 'any',
      singleHostUrl: 'postgres://postgres@127.0.0.1:5432/keytrail',
    });
  });

  it('refuses a target_session_attrs it does not implement', () => {
    expect(() => parseDatabaseHosts('postgres://h1,h2/db?target_session_attrs=standby')).toThrow(
      /any or read-write/,
    );
  });
});
