/**
 * The floor of the HTTP load bench (issue 18): bare `node:http` and `pg`. Each command, in one
 * transaction, reads its delivery's stream (every row), inserts one row at the next revision and
 * commits; the timeline read selects the stream. A multipart photo is read whole and recorded as one
 * row. Run by `npm run bench:load -- --compare`, as its own process:
 *
 *   DATABASE_URL=… PORT=… POOL_SIZE=6 node dist/bench/compare/bare-http-service.js
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import pg from 'pg';

import {
  type CommandAnswer,
  COMMAND_ROUTES,
  type CommandRoute,
  deliveryIdOf,
  serviceEnvironment,
  TIMELINE_ROUTE,
} from './delivery-routes.js';

const { databaseUrl, port, poolSize } = serviceEnvironment();
const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
await pool.query(`CREATE TABLE IF NOT EXISTS events (
  global_position bigserial PRIMARY KEY,
  stream_id text NOT NULL,
  revision integer NOT NULL,
  event_id uuid NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, revision))`);

/** `/v1/deliveries/:id/grants` → a pattern whose named groups are the parameters. */
const compile = (path: string) =>
  new RegExp(`^${path.replace(/:(\w+)/g, (_, name: string) => `(?<${name}>[^/]+)`)}$`);
const commands = COMMAND_ROUTES.map((route) => ({ route, pattern: compile(route.path) }));
const timeline = compile(TIMELINE_ROUTE);

const answer = (res: ServerResponse, status: number, body: unknown) => {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
};

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

class BadRequest extends Error {}

async function command(
  route: CommandRoute,
  params: Record<string, string | undefined>,
  req: IncomingMessage,
): Promise<CommandAnswer> {
  const raw = await readBody(req);
  let body: Record<string, unknown> = {};
  if (!route.multipart) {
    try {
      body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    } catch {
      throw new BadRequest('malformed JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new BadRequest('the body is not a JSON object');
  }
  const data = route.multipart
    ? { size: raw.length, contentType: req.headers['content-type'] }
    : body;
  const deliveryId = deliveryIdOf(params, body);
  const type = route.eventType(body);
  const eventId = randomUUID();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const stream = await client.query(
      'SELECT revision, type, data FROM events WHERE stream_id = $1 ORDER BY revision',
      [deliveryId],
    );
    const revision = stream.rowCount ?? 0;
    const inserted = await client.query<{ global_position: string }>(
      `INSERT INTO events (stream_id, revision, event_id, type, data) VALUES ($1, $2, $3, $4, $5)
       RETURNING global_position`,
      [deliveryId, revision, eventId, type, data],
    );
    await client.query('COMMIT');
    return {
      deliveryId,
      events: [
        {
          type,
          eventId,
          globalPosition: Number(inserted.rows[0]!.global_position),
          streamRevision: revision,
          hash: '',
        },
      ],
      ...(route.multipart ? { ref: `photo-${eventId}` } : {}),
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0]!;
  if (req.method === 'GET' && path === '/health') return answer(res, 200, { status: 'ok' });
  if (req.method === 'GET') {
    const id = timeline.exec(path)?.groups?.id;
    if (id === undefined) return answer(res, 404, { error: { message: 'no such route' } });
    const { rows } = await pool.query(
      `SELECT global_position, revision, event_id, type, data FROM events
        WHERE stream_id = $1 ORDER BY revision`,
      [id],
    );
    return answer(res, 200, { deliveryId: id, entries: rows });
  }
  if (req.method === 'POST')
    for (const { route, pattern } of commands) {
      const match = pattern.exec(path);
      if (match) return answer(res, 201, await command(route, { ...match.groups }, req));
    }
  answer(res, 404, { error: { message: 'no such route' } });
}

const server = createServer((req, res) => {
  route(req, res).catch((error: unknown) => {
    // A revision another request took first: the stream moved under this one.
    const conflict = (error as { code?: string }).code === '23505';
    answer(res, error instanceof BadRequest ? 400 : conflict ? 409 : 500, {
      error: { message: (error as Error).message },
    });
  });
});
server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => void pool.end());
  server.closeAllConnections();
});
