import { Inject, Injectable } from '@nestjs/common';

import { vehicleStreamId } from '../../../domain/vehicle/vehicle.events.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { PersonalDataVault } from '../../../privacy/personal-data-vault.js';
import type { Lens } from '../../privacy/views/lens.js';
import { PersonalDataPresenter } from '../../privacy/views/personal-data-presenter.js';

/** One car as the subject linked it: each link and unlink of theirs, personal fields by the lens. */
export interface SubjectVehicle {
  readonly vehicleId: string;
  readonly events: readonly {
    readonly type: string;
    readonly globalPosition: number;
    readonly eventId: string;
    readonly recordedAt: string;
    readonly hash: string;
    readonly data: unknown;
  }[];
}

@Injectable()
export class SubjectVehicles {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly presenter: PersonalDataPresenter,
  ) {}

  /** Only the subject's own links of the car: another customer's earlier or later link is theirs. */
  async of(vehicleId: string, customerId: string, lens: Lens): Promise<SubjectVehicle | null> {
    const theirs = (await this.store.readStream(vehicleStreamId(vehicleId))).filter(
      (event) => (event.data as { customerId?: unknown }).customerId === customerId,
    );
    if (theirs.length === 0) return null;
    const opened = await this.vault.open(theirs);
    return {
      vehicleId,
      events: opened.map((event) => ({
        type: event.type,
        globalPosition: event.metadata.globalPosition,
        eventId: event.metadata.eventId,
        recordedAt: event.metadata.recordedAt,
        hash: event.metadata.hash,
        data: this.presenter.present(event.type, event.data, event.erased, lens).data,
      })),
    };
  }
}
