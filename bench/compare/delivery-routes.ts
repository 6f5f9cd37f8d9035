/**
 * The routes the HTTP load driver (test/support/delivery-load.ts) calls, as both comparison services
 * answer them: the same paths and methods as keytrail, each command recorded as one event named here.
 * No validation, authorization, hashing, sealing, idempotency or projection: that is the comparison.
 */
export interface CommandRoute {
  /** Express-style path; `:id` is the delivery, taken from the body for the schedule route. */
  readonly path: string;
  /** The event a call records, from its JSON body (the photo route's body is multipart). */
  readonly eventType: (body: Record<string, unknown>) => string;
  readonly multipart?: boolean;
}

export const COMMAND_ROUTES: readonly CommandRoute[] = [
  { path: '/v1/deliveries', eventType: () => 'DeliveryScheduled' },
  { path: '/v1/deliveries/:id/grants', eventType: () => 'AccessGranted' },
  { path: '/v1/deliveries/:id/unlock-requests', eventType: () => 'UnlockRequested' },
  { path: '/v1/oem/volvo/:id/commands/:commandId', eventType: () => 'VehicleCommandReported' },
  {
    path: '/v1/deliveries/:id/closures',
    eventType: (body) => (body.state === 'closed' ? 'ClosureClosed' : 'ClosureOpened'),
  },
  { path: '/v1/deliveries/:id/photos', eventType: () => 'PhotoUploaded', multipart: true },
  { path: '/v1/deliveries/:id/packages', eventType: () => 'PackagePlaced' },
  { path: '/v1/deliveries/:id/lock-requests', eventType: () => 'LockRequested' },
  { path: '/v1/oem/volvo/:id/doors', eventType: () => 'DoorsStatusReported' },
  { path: '/v1/deliveries/:id/complete', eventType: () => 'DeliveryCompleted' },
];

export const TIMELINE_ROUTE = '/v1/deliveries/:id/timeline';

/** The delivery a command is about: the path's `:id`, else the schedule body's `deliveryId`. */
export const deliveryIdOf = (
  params: Readonly<Record<string, string | undefined>>,
  body: Record<string, unknown>,
): string => params.id ?? (typeof body.deliveryId === 'string' ? body.deliveryId : '');

/** What a command answers: the fields the load driver reads (`events`, and `ref` for a photo). */
export interface CommandAnswer {
  readonly deliveryId: string;
  readonly events: readonly {
    readonly type: string;
    readonly eventId: string;
    readonly globalPosition: number;
    readonly streamRevision: number;
    /** The comparison services chain nothing: always empty. */
    readonly hash: string;
  }[];
  readonly ref?: string;
}

/** The environment a comparison service reads; bench/load.ts sets it when it spawns one. */
export const serviceEnvironment = () => ({
  databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  port: Number(process.env.PORT ?? 3000),
  poolSize: Number(process.env.POOL_SIZE ?? 6),
});
