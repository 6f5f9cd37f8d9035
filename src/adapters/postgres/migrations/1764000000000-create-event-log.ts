import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger: one append-only table in global order, a single-row head that hands out positions, and
 * the append function that checks expected revisions and idempotency keys and chains the hashes.
 *
 * Why a head row: a position is taken under its row lock, held until commit, so positions become
 * visible strictly in order and a reader paging by position can never skip an event that commits late.
 */
export class CreateEventLog1764000000000 implements MigrationInterface {
  name = 'CreateEventLog1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const encoding = (await queryRunner.query(`SHOW server_encoding`)) as {
      server_encoding: string;
    }[];
    if (encoding[0]?.server_encoding !== 'UTF8') {
      throw new Error('keytrail needs a UTF8 database: event hashes are taken over UTF-8 bytes');
    }
    await queryRunner.query(`CREATE SCHEMA ledger`);
    await queryRunner.query(`
      CREATE TABLE ledger.events (
        position bigint PRIMARY KEY,
        stream_id text NOT NULL,
        revision bigint NOT NULL,
        event_id uuid NOT NULL,
        type text NOT NULL,
        canonical text NOT NULL,
        hash bytea NOT NULL,
        recorded_at timestamptz NOT NULL,
        idempotency_key text,
        request_fingerprint text,
        append_size integer,
        CHECK (position >= 0 AND revision >= 0 AND octet_length(hash) = 32)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX events_stream_revision ON ledger.events (stream_id, revision)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX events_event_id ON ledger.events (event_id)`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX events_idempotency_key ON ledger.events (stream_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL`);
    await queryRunner.query(`
      CREATE TABLE ledger.head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        next_position bigint NOT NULL CHECK (next_position >= 0)
      )`);
    await queryRunner.query(`INSERT INTO ledger.head (next_position) VALUES (0)`);

    await queryRunner.query(`
      CREATE FUNCTION ledger.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER events_are_append_only BEFORE UPDATE OR DELETE ON ledger.events
        FOR EACH ROW EXECUTE FUNCTION ledger.refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER events_are_never_truncated BEFORE TRUNCATE ON ledger.events
        FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change()`);
    await queryRunner.query(`
      CREATE FUNCTION ledger.refuse_head_rewind() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'UPDATE' OR NEW.next_position < OLD.next_position THEN
          RAISE EXCEPTION 'the ledger head only moves forward: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER head_only_moves_forward BEFORE UPDATE OR DELETE ON ledger.head
        FOR EACH ROW EXECUTE FUNCTION ledger.refuse_head_rewind()`);
    await queryRunner.query(`
      CREATE TRIGGER head_is_never_truncated BEFORE TRUNCATE ON ledger.head
        FOR EACH STATEMENT EXECUTE FUNCTION ledger.refuse_change()`);

    await queryRunner.query(APPEND_FUNCTION);

    // Privileges: nobody, the owner included, may rewrite events; applications append through the function.
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA ledger FROM PUBLIC`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON ledger.events FROM CURRENT_USER`);
    await queryRunner.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'keytrail_app') THEN
          CREATE ROLE keytrail_app NOLOGIN;
        END IF;
        GRANT USAGE ON SCHEMA ledger TO keytrail_app;
        GRANT SELECT ON ledger.events, ledger.head TO keytrail_app;
        GRANT EXECUTE ON FUNCTION ledger.append TO keytrail_app;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'role keytrail_app not set up (%); grant it by hand as docs/DATABASE.md shows', SQLERRM;
      END $$`);
  }

  down(): Promise<void> {
    return Promise.reject(
      new Error('The event log is never dropped by a migration: drop the database instead'),
    );
  }
}

/**
 * One call appends a whole batch of appends (one per command), each checked on its own: a conflicting
 * append is answered `conflict` and stores nothing, the others go through. Arrays are per append, except
 * the event ids, types and canonical texts, which are per event in append order (the canonical texts
 * joined by U+001E, which canonical JSON never contains unescaped).
 * Expected revision: -1 no stream, -2 any, n the stream's last revision.
 */
const APPEND_FUNCTION = `
CREATE FUNCTION ledger.append(
  p_streams text[], p_expected bigint[], p_keys text[], p_fingerprints text[], p_counts integer[],
  p_recorded_at timestamptz[], p_event_ids uuid[], p_types text[], p_canonical text,
  OUT outcomes text[], OUT first_positions bigint[], OUT first_revisions bigint[],
  OUT current_revisions bigint[], OUT hashes bytea[])
LANGUAGE plpgsql SECURITY DEFINER
-- Every lookup here is a point lookup by key: pin it to the indexes, so that a plan cached while the
-- table was small never scans the table once it is large (and never pays for JIT compilation).
SET search_path = pg_catalog, pg_temp SET enable_seqscan = off SET enable_hashjoin = off
SET enable_mergejoin = off SET jit = off
AS $$
DECLARE
  n integer := coalesce(array_length(p_streams, 1), 0);
  canonical text[] := string_to_array(p_canonical, E'\\x1e');
  event_count integer := coalesce(array_length(p_event_ids, 1), 0);
  next_pos bigint;
  db_rev bigint[]; db_hash bytea[]; stored_fp text[]; stored_pos bigint[]; stored_rev bigint[];
  prev_same_stream integer[]; prev_same_key integer[];
  head_rev bigint[]; head_hash bytea[];
  appended integer[]; appended_offsets integer[]; appended_count integer := 0;
  ev_offset integer := 0; rev bigint; prev_hash bytea; i integer; j integer; k integer;
BEGIN
  IF coalesce(array_length(canonical, 1), 0) <> event_count
     OR event_count <> (SELECT coalesce(sum(c), 0) FROM unnest(p_counts) c) THEN
    RAISE EXCEPTION 'ledger.append: % events announced, % ids, % canonical texts',
      (SELECT coalesce(sum(c), 0) FROM unnest(p_counts) c), event_count, coalesce(array_length(canonical, 1), 0);
  END IF;

  SELECT h.next_position INTO next_pos FROM ledger.head h WHERE h.singleton FOR UPDATE;

  SELECT array_agg(coalesce(h.revision, -1) ORDER BY u.ord),
         array_agg(coalesce(h.hash, '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) ORDER BY u.ord),
         array_agg(d.request_fingerprint ORDER BY u.ord), array_agg(d.position ORDER BY u.ord),
         array_agg(d.revision ORDER BY u.ord),
         array_agg(u.prev_same_stream ORDER BY u.ord), array_agg(u.prev_same_key ORDER BY u.ord)
    INTO db_rev, db_hash, stored_fp, stored_pos, stored_rev, prev_same_stream, prev_same_key
    FROM (SELECT s.stream_id, s.idem_key, s.ord::integer AS ord,
                 (lag(s.ord) OVER (PARTITION BY s.stream_id ORDER BY s.ord))::integer AS prev_same_stream,
                 CASE WHEN s.idem_key IS NOT NULL THEN
                   (lag(s.ord) OVER (PARTITION BY s.stream_id, s.idem_key ORDER BY s.ord))::integer
                 END AS prev_same_key
            FROM unnest(p_streams, p_keys) WITH ORDINALITY AS s(stream_id, idem_key, ord)) u
    LEFT JOIN LATERAL (SELECT e.revision, e.hash FROM ledger.events e
                        WHERE e.stream_id = u.stream_id ORDER BY e.revision DESC LIMIT 1) h ON true
    LEFT JOIN LATERAL (SELECT k.request_fingerprint, k.position, k.revision FROM ledger.events k
                        WHERE k.stream_id = u.stream_id AND k.idempotency_key = u.idem_key
                          AND k.idempotency_key IS NOT NULL) d ON true;

  outcomes := array_fill(NULL::text, ARRAY[n]);
  first_positions := array_fill(NULL::bigint, ARRAY[n]);
  first_revisions := array_fill(NULL::bigint, ARRAY[n]);
  current_revisions := array_fill(NULL::bigint, ARRAY[n]);
  hashes := array_fill(NULL::bytea, ARRAY[event_count]);
  FOR i IN 1 .. n LOOP
    k := prev_same_stream[i];
    IF k IS NULL THEN rev := db_rev[i]; prev_hash := db_hash[i];
    ELSE rev := head_rev[k]; prev_hash := head_hash[k];
    END IF;
    head_rev[i] := rev; head_hash[i] := prev_hash;
    current_revisions[i] := rev;

    k := prev_same_key[i];
    IF stored_fp[i] IS NOT NULL THEN
      outcomes[i] := CASE WHEN stored_fp[i] = p_fingerprints[i] THEN 'duplicate' ELSE 'key_reused' END;
      first_positions[i] := stored_pos[i]; first_revisions[i] := stored_rev[i];
    ELSIF k IS NOT NULL AND outcomes[k] = 'appended' THEN
      outcomes[i] := CASE WHEN p_fingerprints[k] = p_fingerprints[i] THEN 'duplicate' ELSE 'key_reused' END;
      first_positions[i] := first_positions[k]; first_revisions[i] := first_revisions[k];
    ELSIF (p_expected[i] = -1 AND rev <> -1) OR (p_expected[i] >= 0 AND p_expected[i] <> rev)
       OR p_counts[i] < 1 OR p_expected[i] < -2 THEN
      outcomes[i] := 'conflict';
    ELSE
      FOR j IN ev_offset + 1 .. ev_offset + p_counts[i] LOOP
        prev_hash := sha256(prev_hash || convert_to(canonical[j], 'UTF8'));
        hashes[j] := prev_hash;
      END LOOP;
      appended_count := appended_count + 1;
      appended[appended_count] := i; appended_offsets[appended_count] := ev_offset;
      outcomes[i] := 'appended';
      first_positions[i] := next_pos; first_revisions[i] := rev + 1;
      current_revisions[i] := rev + p_counts[i];
      head_rev[i] := rev + p_counts[i]; head_hash[i] := prev_hash;
      next_pos := next_pos + p_counts[i];
    END IF;
    ev_offset := ev_offset + p_counts[i];
  END LOOP;

  IF appended_count > 0 THEN
    -- The idempotency key, fingerprint and size of an append are kept on its first event.
    INSERT INTO ledger.events (position, stream_id, revision, event_id, type, canonical, hash,
                               recorded_at, idempotency_key, request_fingerprint, append_size)
      SELECT first_positions[a.i] + e.j - 1, p_streams[a.i], first_revisions[a.i] + e.j - 1,
             p_event_ids[a.o + e.j], p_types[a.o + e.j], canonical[a.o + e.j], hashes[a.o + e.j],
             p_recorded_at[a.i],
             CASE WHEN e.j = 1 THEN p_keys[a.i] END,
             CASE WHEN e.j = 1 THEN p_fingerprints[a.i] END,
             CASE WHEN e.j = 1 THEN p_counts[a.i] END
        FROM unnest(appended, appended_offsets) AS a(i, o),
             LATERAL generate_series(1, p_counts[a.i]) AS e(j);
    UPDATE ledger.head SET next_position = next_pos WHERE singleton;
  END IF;
END $$`;
