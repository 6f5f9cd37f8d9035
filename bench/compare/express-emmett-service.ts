/**
 * The comparison service for the HTTP load bench (issue 18): what a team would build in a week with
 * Express 5 and Emmett. Each command runs through Emmett's CommandHandler (read the delivery's stream,
 * fold it with `evolve`, `decide`, append at the read version) on Emmett's PostgreSQL event store; the
 * timeline read reads the stream. Multipart photos are parsed by multer and recorded as an event (the
 * file is not kept). Run by `npm run bench:load -- --compare`, as its own process:
 *
 *   DATABASE_URL=… PORT=… POOL_SIZE=6 node dist/bench/compare/express-emmett-service.js
 */
import { randomUUID } from 'node:crypto';

import { CommandHandler, type Event } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import pg from 'pg';

import {
  type CommandAnswer,
  COMMAND_ROUTES,
  deliveryIdOf,
  serviceEnvironment,
  TIMELINE_ROUTE,
} from './delivery-routes.js';

type DeliveryEvent = Event<string, Record<string, unknown>, { messageId: string }>;

interface DeliveryCommand {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

interface DeliveryState {
  readonly status: 'absent' | 'open' | 'completed';
  readonly recorded: number;
}

class CommandRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const initialState = (): DeliveryState => ({ status: 'absent', recorded: 0 });

const evolve = (state: DeliveryState, event: DeliveryEvent): DeliveryState => ({
  status:
    event.type === 'DeliveryScheduled'
      ? 'open'
      : event.type === 'DeliveryCompleted'
        ? 'completed'
        : state.status,
  recorded: state.recorded + 1,
});

/** The whole domain of this service: a delivery is scheduled once, then takes events until completed. */
const decide = (command: DeliveryCommand, state: DeliveryState): DeliveryEvent => {
  if (command.type === 'DeliveryScheduled' && state.status !== 'absent')
    throw new CommandRefused(409, 'already scheduled');
  if (command.type !== 'DeliveryScheduled' && state.status === 'absent')
    throw new CommandRefused(404, 'no such delivery');
  if (state.status === 'completed') throw new CommandRefused(409, 'delivery completed');
  return { type: command.type, data: command.data, metadata: { messageId: randomUUID() } };
};

const handle = CommandHandler<DeliveryState, DeliveryEvent>({
  evolve,
  initialState,
  mapToStreamId: (id) => `delivery-${id}`,
});

const { databaseUrl, port, poolSize } = serviceEnvironment();
const eventStore = getPostgreSQLEventStore(databaseUrl, {
  connectionOptions: { pool: new pg.Pool({ connectionString: databaseUrl, max: poolSize }) },
});
await eventStore.schema.migrate();

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '1mb' }));
const photos = multer({ storage: multer.memoryStorage(), limits: { fileSize: 10 * 1024 * 1024 } });

app.get('/health', (_req, res) => {
  res.json({ status: 'ok' });
});

for (const route of COMMAND_ROUTES)
  app.post(
    route.path,
    ...(route.multipart ? [photos.single('photo')] : []),
    async (req: Request<Record<string, string>>, res: Response) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const deliveryId = deliveryIdOf(req.params, body);
      const data = req.file
        ? { sha256: body.sha256, size: req.file.size, contentType: req.file.mimetype }
        : body;
      const type = route.eventType(body);
      const result = await handle(eventStore, deliveryId, (state) => decide({ type, data }, state));
      const [recorded] = result.newEvents;
      const answer: CommandAnswer = {
        deliveryId,
        events: [
          {
            type,
            eventId: recorded!.metadata.messageId,
            globalPosition: Number(result.lastEventGlobalPosition),
            streamRevision: Number(result.nextExpectedStreamVersion),
            hash: '',
          },
        ],
        ...(req.file ? { ref: `photo-${recorded!.metadata.messageId}` } : {}),
      };
      res.status(201).json(answer);
    },
  );

app.get(TIMELINE_ROUTE, async (req: Request<{ id: string }>, res: Response) => {
  const { events } = await eventStore.readStream<DeliveryEvent>(`delivery-${req.params.id}`);
  res.json({
    deliveryId: req.params.id,
    entries: events.map((event) => ({
      type: event.type,
      data: event.data,
      globalPosition: Number(event.metadata.globalPosition),
      streamRevision: Number(event.metadata.streamPosition),
    })),
  });
});

// Express 5 passes a rejected handler's error here: a refusal keeps its status, the rest is a 500.
app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
  const status =
    error instanceof CommandRefused ? error.status : ((error as { status?: number }).status ?? 500);
  res.status(status).json({ error: { message: (error as Error).message } });
});

const server = app.listen(port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => void eventStore.close());
  server.closeAllConnections();
});
