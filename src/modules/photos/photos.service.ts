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
import { parsePhotoRef, PhotoVault, photoRef, sha256Of } from '../../privacy/photo-vault.js';
import { mayReach, type Principal } from '../auth/principal.js';
import { deliveryStream } from '../delivery/delivery.stream.js';
import { foldHistory } from '../streams/stream-kind.js';
import { CaseAccess } from '../privacy/access/case-access.js';
import { RevealRecorder } from '../privacy/access/reveal-recorder.js';

export interface StoredPhoto {
  readonly deliveryId: string;
  readonly sha256: string;
  /** What PackagePlaced.photo.ref takes. */
  readonly ref: string;
  readonly contentType: ImageType;
  readonly size: number;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** Drop photos: checked, encrypted with the delivery's data key, and shown only to those allowed. */
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

  async upload(
    deliveryId: string,
    bytes: Buffer,
    declaredSha256: string | null,
  ): Promise<StoredPhoto> {
    if (declaredSha256 === null || !SHA256.test(declaredSha256)) {
      throw new HttpProblem(
        400,
        'PHOTO.SHA256_REQUIRED',
        "Send the image's SHA-256 (64 lowercase hex digits) in the `sha256` field",
      );
    }
    const contentType = sniffImageType(bytes);
    if (!contentType) {
      throw new HttpProblem(
        415,
        'PHOTO.NOT_AN_IMAGE',
        'The photo must be a JPEG, PNG, WebP or HEIC image',
      );
    }
    const sha256 = sha256Of(bytes);
    if (sha256 !== declaredSha256) {
      throw new HttpProblem(
        422,
        'PHOTO.DIGEST_MISMATCH',
        'The image does not match the SHA-256 sent with it: nothing was stored',
        {
          declared: declaredSha256,
          actual: sha256,
        },
      );
    }
    const history = await this.store.readStream(deliveryStreamId(deliveryId));
    const state = foldHistory(deliveryStream, history);
    if (!state.delivery) throw new DeliveryNotFound(deliveryId);
    if (state.phase !== 'open') {
      throw new HttpProblem(
        409,
        'DELIVERY.CLOSED',
        `Delivery ${deliveryId} is ${state.phase}: no more photos`,
      );
    }
    const key = await this.dataKeys.keyFor(deliveryKeyScope(deliveryId), state.delivery.customerId);
    if (!key)
      throw new HttpProblem(
        409,
        'SUBJECT.ERASED',
        "The customer's data was erased: no photo is kept",
      );
    await this.photos.store(key, deliveryId, bytes);
    return {
      deliveryId,
      sha256,
      ref: photoRef(deliveryId, sha256),
      contentType,
      size: bytes.length,
    };
  }

  /** Whether the ref names a photo uploaded for this delivery with this digest. */
  async checkUploaded(deliveryId: string, photo: { sha256: string; ref: string }): Promise<void> {
    const parsed = parsePhotoRef(photo.ref);
    if (
      !parsed ||
      parsed.deliveryId !== deliveryId ||
      parsed.sha256 !== photo.sha256 ||
      !(await this.photos.has(deliveryId, photo.sha256))
    ) {
      throw new HttpProblem(
        422,
        'PHOTO.NOT_UPLOADED',
        'photo.ref must be the ref POST /v1/deliveries/{id}/photos answered for this delivery, with its sha256',
        { ref: photo.ref, sha256: photo.sha256 },
      );
    }
  }

  /**
   * The drop photo of a package, for its customer or an investigator under an open case covering the
   * delivery — whose view is recorded before the image is sent.
   */
  async reveal(
    deliveryId: string,
    packageId: string,
    reader: Principal,
    caseId: string | undefined,
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
      });
    }
    return { image, contentType };
  }
}
