import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';

import type { PersonalDataKind } from '../../../../domain/shared/personal-data.js';
import { isCourierReleased } from '../../../../domain/delivery/delivery.state.js';
import { PersonalDataVault } from '../../../../privacy/personal-data-vault.js';
import { Pseudonyms } from '../../../../privacy/pseudonyms.js';
import { CaseAccess } from '../../../privacy/access/case-access.js';
import { RevealRecorder } from '../../../privacy/access/reveal-recorder.js';
import type { Lens } from '../../../privacy/views/lens.js';
import { PersonalDataPresenter } from '../../../privacy/views/personal-data-presenter.js';
import { VehicleViews } from '../../../privacy/views/vehicle-view.js';
import { type AsOf, DeliveryReadModel } from '../delivery-read-model.js';
import { Redeliveries } from './delivery-links.js';
import { GetTimelineQuery } from './get-timeline.query.js';
import { rememberTimelineEvents, type Timeline } from './timeline.js';

const photoHref = (deliveryId: string, lens: Lens) => (data: unknown) => {
  const packageId = (data as { packageId?: unknown }).packageId;
  if (typeof packageId !== 'string') return null;
  const href = `/v1/deliveries/${encodeURIComponent(deliveryId)}/packages/${encodeURIComponent(packageId)}/photo`;
  return lens.kind === 'case' ? `${href}?caseId=${encodeURIComponent(lens.caseId)}` : href;
};

const knownAt = (asOf: AsOf) => (position: number, recordedAt: string) =>
  asOf === null ||
  ('position' in asOf
    ? position <= asOf.position
    : Date.parse(recordedAt) <= Date.parse(asOf.recordedAt));

/**
 * A delivery's proof timeline: every event, placed by when it happened, with its envelope and hash, a
 * plain line and the state after it; personal fields as the reader's lens shows them (PRODUCT.md,
 * Views). Under a case, the reveal is recorded in the customer's access log (and a courier's
 * position in that courier's) before the timeline is answered.
 */
@QueryHandler(GetTimelineQuery)
export class GetTimelineHandler implements IQueryHandler<GetTimelineQuery, Timeline> {
  constructor(
    private readonly deliveries: DeliveryReadModel,
    private readonly access: CaseAccess,
    private readonly vault: PersonalDataVault,
    private readonly presenter: PersonalDataPresenter,
    private readonly pseudonyms: Pseudonyms,
    private readonly vehicles: VehicleViews,
    private readonly reveals: RevealRecorder,
    private readonly redeliveries: Redeliveries,
  ) {}

  async execute({
    deliveryId,
    asOf,
    reader,
    caseId,
    unconfirmed,
  }: GetTimelineQuery): Promise<Timeline> {
    await this.deliveries.checkAsOf(asOf);
    const { entries, story, computedFrom, events } = await this.deliveries.timeline(
      deliveryId,
      reader,
      asOf,
    );
    const lens = await this.access.lensFor(reader, deliveryId, caseId);
    const keys = await this.vault.keysFor(entries);
    const revealed = new Set<PersonalDataKind>();
    const courierRevealed = new Map<string, Set<PersonalDataKind>>();
    const courierIds = story?.courierIds ?? [];
    const shownEntries = entries.map(({ deliveryId: _delivery, data, ...entry }) => {
      const opened = this.vault.openWith(keys, entry.type, entry.eventId, data);
      const shown = this.presenter.present(entry.type, opened.data, opened.erased, lens, {
        photoHref: photoHref(deliveryId, lens),
      });
      for (const kind of shown.revealed) revealed.add(kind);
      const courierId = (opened.data as { courierId?: unknown } | null)?.courierId;
      if (shown.courierRevealed.size > 0 && typeof courierId === 'string') {
        const kinds = courierRevealed.get(courierId) ?? new Set<PersonalDataKind>();
        for (const kind of shown.courierRevealed) kinds.add(kind);
        courierRevealed.set(courierId, kinds);
      }
      return { ...entry, data: shown.data, line: this.line(entry.line, courierIds, lens) };
    });

    const delivery = story?.state.delivery;
    const { vehicle, revealed: plate } = delivery
      ? await this.vehicles.forDelivery(
          delivery.vehicleId,
          delivery.customerId,
          lens,
          knownAt(asOf),
        )
      : { vehicle: null, revealed: new Set<PersonalDataKind>() };
    for (const kind of plate) revealed.add(kind);

    if (lens.kind === 'case' && delivery) {
      // Stored before anything is answered: if this fails, the request fails and nothing leaves.
      await this.reveals.record({
        reader,
        customerId: delivery.customerId,
        caseId: lens.caseId,
        purpose: 'case-investigation',
        fields: revealed,
        subject: `delivery:${deliveryId}`,
        deliveryId,
        unconfirmed,
      });
      // The courier's positions are theirs: each courier shown is told in their own access log.
      for (const [courierId, fields] of courierRevealed) {
        await this.reveals.recordCourier({
          reader,
          courierId,
          caseId: lens.caseId,
          purpose: 'case-investigation',
          fields,
          subject: `delivery:${deliveryId}`,
          deliveryId,
          unconfirmed,
        });
      }
    }
    return rememberTimelineEvents(
      {
        deliveryId,
        phase: story?.state.phase ?? 'unscheduled',
        released: story ? isCourierReleased(story.state) : false,
        asOf,
        computedFrom,
        view: lens.kind,
        caseId: lens.kind === 'case' ? lens.caseId : null,
        personalDataRedacted: lens.kind === 'pseudonymised' || lens.kind === 'compliance',
        vehicle,
        links: {
          previousDeliveryId: delivery?.previousDeliveryId ?? null,
          redeliveryIds: await this.redeliveries.of(deliveryId, reader),
        },
        entries: shownEntries,
      },
      events,
    );
  }

  /** Lines name couriers by id; compliance sees those ids as tokens too. */
  private line(line: string, courierIds: readonly string[], lens: Lens): string {
    if (lens.kind !== 'compliance') return line;
    return courierIds.reduce(
      (text, id) => text.split(id).join(this.pseudonyms.token(lens.purpose, id)),
      line,
    );
  }
}
