import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock } from '../../config/clock.js';
import {
  decideVehicle,
  evolveVehicle,
  initialVehicleState,
  type VehicleCommand,
  type VehicleState,
} from '../../domain/vehicle/vehicle.decider.js';
import {
  VEHICLE_EVENT_SCHEMA_VERSIONS,
  type VehicleEvent,
  type VehicleLinked,
  vehicleStreamId,
} from '../../domain/vehicle/vehicle.events.js';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port.js';
import { HttpProblem } from '../../http/error-body.js';
import { vehicleKeyScope } from '../../privacy/data-key.js';
import { DataKeys } from '../../privacy/data-keys.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import type { CommandRequest } from '../../http/command-request.js';
import { decideOnStream, requestContext } from '../ledger-streams/stream-decision.js';

export interface VehicleChange {
  readonly vehicleId: string;
  readonly events: readonly RecordedEvent[];
}

/** Links a car to its customer (plate and photo sealed with that customer's key) and unlinks it. */
@Injectable()
export class VehiclesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DataKeys) private readonly dataKeys: DataKeys,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {}

  link(data: VehicleLinked['data'], request: CommandRequest): Promise<VehicleChange> {
    const { principal } = request;
    if (principal.role === 'customer' && principal.id !== data.customerId) {
      throw new HttpProblem(403, 'ACCESS.NOT_YOURS', 'A customer links only their own cars');
    }
    return this.decide(data.vehicleId, { type: 'LinkVehicle', data }, request);
  }

  async unlink(vehicleId: string, reason: string, request: CommandRequest): Promise<VehicleChange> {
    const { principal } = request;
    if (principal.role === 'customer') {
      const { link } = await this.current(vehicleId);
      // An unlinked car is answered by the decider (404); someone else's is refused.
      if (link && link.customerId !== principal.id)
        throw new HttpProblem(403, 'ACCESS.NOT_YOURS', 'A customer unlinks only their own cars');
    }
    return this.decide(vehicleId, { type: 'UnlinkVehicle', data: { vehicleId, reason } }, request);
  }

  /** The link as it stands, personal fields opened. */
  async current(vehicleId: string): Promise<VehicleState> {
    const history = await this.vault.open(await this.store.readStream(vehicleStreamId(vehicleId)));
    return history.reduce(
      (state, event) => evolveVehicle(state, event as unknown as VehicleEvent),
      initialVehicleState(),
    );
  }

  private async decide(
    vehicleId: string,
    command: Omit<VehicleCommand, 'metadata'>,
    request: CommandRequest,
  ): Promise<VehicleChange> {
    const context = requestContext(request, this.clock.now());
    const { events } = await decideOnStream<VehicleState, VehicleEvent>(this.store, {
      streamId: vehicleStreamId(vehicleId),
      initial: initialVehicleState(),
      evolve: evolveVehicle,
      decide: (state) =>
        decideVehicle(
          {
            ...command,
            metadata: { now: context.occurredAt, actor: request.principal },
          } as VehicleCommand,
          state,
        ),
      schemaVersions: VEHICLE_EVENT_SCHEMA_VERSIONS,
      context,
      open: (history) => this.vault.open(history),
      seal: async (event, eventId) => {
        if (!this.vault.needsKey(event.type, event.data)) return event.data;
        const key = await this.dataKeys.keyFor(
          vehicleKeyScope(vehicleId, event.data.customerId),
          event.data.customerId,
        );
        return this.vault.seal(key, event.type, eventId, event.data);
      },
    });
    return { vehicleId, events };
  }
}
