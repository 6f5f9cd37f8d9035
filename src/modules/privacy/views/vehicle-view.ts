import { Inject, Injectable } from '@nestjs/common';

import type { PersonalDataKind } from '../../../domain/shared/personal-data.js';
import { type VehicleLinked, vehicleStreamId } from '../../../domain/vehicle/vehicle.events.js';
import { EVENT_STORE, type EventStore } from '../../../event-store/event-store.port.js';
import { PersonalDataVault } from '../../../privacy/personal-data-vault.js';
import type { Lens } from './lens.js';
import { PersonalDataPresenter } from './personal-data-presenter.js';

export interface VehicleView {
  readonly vehicleId: string;
  readonly plate: unknown;
  readonly make: string;
  readonly model: string;
  readonly colour: string;
  readonly photo: unknown;
  /** Where the link is in the ledger. */
  readonly linkedAt: { readonly globalPosition: number; readonly recordedAt: string };
}

/** The car of a delivery as its customer linked it, its plate shown as the lens allows. */
@Injectable()
export class VehicleViews {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly presenter: PersonalDataPresenter,
  ) {}

  async forDelivery(
    vehicleId: string,
    customerId: string,
    lens: Lens,
    knownAt: (position: number, recordedAt: string) => boolean = () => true,
  ): Promise<{ vehicle: VehicleView | null; revealed: ReadonlySet<PersonalDataKind> }> {
    const events = (await this.store.readStream(vehicleStreamId(vehicleId))).filter(
      (event) =>
        event.type === 'VehicleLinked' &&
        (event.data as VehicleLinked['data']).customerId === customerId &&
        knownAt(event.metadata.globalPosition, event.metadata.recordedAt),
    );
    const last = events.at(-1);
    if (!last) return { vehicle: null, revealed: new Set() };
    const [opened] = await this.vault.open([last]);
    const shown = this.presenter.present(opened!.type, opened!.data, opened!.erased, lens);
    const data = shown.data as VehicleLinked['data'];
    return {
      vehicle: {
        vehicleId,
        plate: data.plate,
        make: data.make,
        model: data.model,
        colour: data.colour,
        photo: data.photo,
        linkedAt: {
          globalPosition: last.metadata.globalPosition,
          recordedAt: last.metadata.recordedAt,
        },
      },
      revealed: shown.revealed,
    };
  }
}
