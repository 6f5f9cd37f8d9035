import { Inject, Injectable } from '@nestjs/common';

import { deliveryStreamId, type PackagePlaced } from '../../domain/delivery/delivery.events.js';
import { DeliveryNotFound } from '../../domain/delivery/delivery.errors.js';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port.js';
import { HttpProblem } from '../../http/error-body.js';
import { deliveryKeyScope } from '../../privacy/data-key.js';
import { DataKeys } from '../../privacy/data-keys.js';
import { type ImageType, sniffImageType } from '../../privacy/image-type.js';
import { PersonalDataVault } from '../../privacy/personal-data-vault.js';
import { parsePhotoRef, PhotoVault } from '../../privacy/photo-vault.js';
import { mayReach, type Principal } from '../auth/principal.js';
import { CaseAccess } from '../privacy/access/case-access.js';
import { RevealRecorder } from '../privacy/access/reveal-recorder.js';
import type { UnconfirmedAppends } from '../../event-store/unconfirmed-appends.js';

/** Drop photos shown only to those allowed: the customer, or an investigator under a case. */
@Injectable()
export class PhotosService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly dataKeys: DataKeys,
    private readonly photos: PhotoVault,
    private readonly vault: PersonalDataVault,
    private readonly access: CaseAccess,
    private readonly reveals: RevealRecorder,
  ) {}

  /**
   * The drop photo of a package, for its customer or an investigator under an open case covering the
   * delivery — whose view is recorded before the image is sent.
   */
  async reveal(
    deliveryId: string,
    packageId: string,
    reader: Principal,
    caseId: string | undefined,
    unconfirmed?: UnconfirmedAppends,
  ): Promise<{ image: Buffer; contentType: ImageType }> {
    const history = await this.store.readStream(deliveryStreamId(deliveryId));
    const customerId = (history[0]?.data as { customerId?: string } | undefined)?.customerId;
    if (!customerId || !mayReach(reader, customerId)) throw new DeliveryNotFound(deliveryId);
    if (reader.role === 'investigator' && caseId === undefined) {
      throw new HttpProblem(
        403,
        'ACCESS.CASE_REQUIRED',
        'An investigator sees a photo only under an open case covering the delivery; the timeline shows its digest',
      );
    }
    const lens = await this.access.lensFor(reader, deliveryId, caseId);
    const placed = history.find(
      (event): event is RecordedEvent<'PackagePlaced', PackagePlaced['data']> =>
        event.type === 'PackagePlaced' &&
        (event.data as PackagePlaced['data']).packageId === packageId,
    );
    if (!placed)
      throw new HttpProblem(
        404,
        'PACKAGE.NOT_FOUND',
        `No package ${packageId} on delivery ${deliveryId}`,
      );
    const [opened] = await this.vault.open([placed]);
    const ref = (opened!.data as PackagePlaced['data']).photo.ref;
    const parsed = typeof ref === 'string' ? parsePhotoRef(ref) : null;
    const key = parsed ? await this.dataKeys.existingKey(deliveryKeyScope(deliveryId)) : null;
    const image =
      key && parsed ? await this.photos.read(key, parsed.deliveryId, parsed.sha256) : null;
    if (!image)
      throw new HttpProblem(
        410,
        'PHOTO.ERASED',
        'The photo was erased (or never kept): its digest remains on the timeline',
      );
    const contentType = sniffImageType(image);
    if (!contentType) throw new Error(`Photo ${parsed!.sha256} is not an image`);
    if (lens.kind === 'case') {
      await this.reveals.record({
        reader,
        customerId,
        caseId: lens.caseId,
        purpose: 'case-investigation',
        fields: ['photo'],
        subject: `photo:${deliveryId}/${packageId}`,
        deliveryId,
        unconfirmed,
      });
    }
    return { image, contentType };
  }
}
