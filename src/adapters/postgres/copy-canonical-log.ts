import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

import type { CanonicalEventBytes } from '../../event-store/event-store.port.js';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** Fields before `canonical`: revision (8) + event_id's length (4) + uuid (16) + canonical's length (4). */
const ROOM = 32;

/**
 * The stored ledger (from a position, up to another if given) as PostgreSQL's binary COPY streams it: position, stream, revision, event id, the
 * canonical bytes exactly as hashed, and the stored hash — no per-row parsing by the driver, no text
 * decoding of the canonical bytes. Each event's bytes sit in the COPY buffer with the 32 bytes before
 * them free to overwrite (they held fields already read), so a verifier can hash a prefix and the
 * bytes without copying them.
 */
export async function* copyCanonicalLog(
  pool: pg.Pool,
  fromPosition: number,
  toPosition: number | null = null,
): AsyncGenerator<CanonicalEventBytes[]> {
  const client = await pool.connect();
  const before = toPosition === null ? '' : `AND position < ${Math.max(0, Math.floor(toPosition))}`;
  let streamed = false;
  try {
    // In position order by the primary key, streamed as read: without statistics yet (a fresh or
    // just-loaded ledger), the planner would sort the whole log first, on disk, in parallel workers.
    await client.query('BEGIN READ ONLY');
    await client.query('SET LOCAL enable_sort = off');
    const stream = client.query(
      copyTo(
        `COPY (SELECT position, stream_id, revision, event_id, canonical, hash FROM ledger.events
                WHERE position >= ${Math.max(0, Math.floor(fromPosition))} ${before} ORDER BY position)
         TO STDOUT (FORMAT binary)`,
      ),
    );
    let pending: Buffer = Buffer.alloc(0);
    let headerRead = false;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buffer: Buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      let offset = 0;
      if (!headerRead) {
        if (buffer.length < 19) {
          pending = buffer;
          continue;
        }
        if (!buffer.subarray(0, 11).equals(SIGNATURE)) throw new Error('not a binary COPY stream');
        offset = 19 + buffer.readInt32BE(15);
        headerRead = true;
      }
      const batch: CanonicalEventBytes[] = [];
      for (;;) {
        const start = offset;
        if (buffer.length < offset + 2) break;
        const fields = buffer.readInt16BE(offset);
        if (fields === -1) {
          offset += 2;
          break;
        }
        // position
        let at = offset + 2;
        if (buffer.length < at + 4 + 8 + 4) break;
        const position = Number(buffer.readBigInt64BE(at + 4));
        at += 12;
        const streamLength = buffer.readInt32BE(at);
        if (buffer.length < at + 4 + streamLength + 4 + 8 + 4 + 16 + 4) {
          offset = start;
          break;
        }
        const streamId = buffer.toString('utf8', at + 4, at + 4 + streamLength);
        at += 4 + streamLength;
        const revision = Number(buffer.readBigInt64BE(at + 4));
        at += 12;
        const eventId = buffer.toString('hex', at + 4, at + 20);
        at += 20;
        const canonicalLength = buffer.readInt32BE(at);
        const bytesStart = at + 4;
        if (buffer.length < bytesStart + canonicalLength + 4 + 32) {
          offset = start;
          break;
        }
        const bytes = buffer.subarray(bytesStart, bytesStart + canonicalLength);
        at = bytesStart + canonicalLength;
        const hash = buffer.subarray(at + 4, at + 36);
        offset = at + 36;
        batch.push({
          globalPosition: position,
          streamId,
          streamRevision: revision,
          eventId: `${eventId.slice(0, 8)}-${eventId.slice(8, 12)}-${eventId.slice(12, 16)}-${eventId.slice(16, 20)}-${eventId.slice(20)}`,
          bytes,
          hash,
          prefixRoom: ROOM,
        });
      }
      pending = buffer.subarray(offset);
      if (batch.length > 0) yield batch;
    }
    streamed = true;
  } finally {
    if (streamed) {
      await client.query('COMMIT');
      client.release();
    } else {
      // Left mid-COPY (the reader stopped early, or it failed): the connection is not reusable.
      client.release(true);
    }
  }
}
