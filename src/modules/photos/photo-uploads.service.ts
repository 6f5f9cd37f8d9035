import { Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock } from '../../config/clock.js';
import { deliveryStreamId } from '../../domain/delivery/delivery.events.js';
import { DeliveryNotFound } from '../../domain/delivery/delivery.errors.js';
import type { DeliveryState } from '../../domain/delivery/delivery.state.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { commandResponse } from '../../http/command-response.js';
import type { CommandRequest } from '../../http/command-request.js';
import { HttpProblem } from '../../http/error-body.js';
import { deliveryKeyScope } from '../../privacy/data-key.js';
import { DataKeys } from '../../privacy/data-keys.js';
import { type ImageType, sniffImageType } from '../../privacy/image-type.js';
import { PhotoVault, photoRef, sha256Of } from '../../privacy/photo-vault.js';
import { photoAttachment } from '../delivery/commands/attach-photo/attach-photo.decide.js';
import { deliveryStream } from '../delivery/delivery.stream.js';
import { PRIVACY_SETTINGS, type PrivacySettings } from '../privacy/privacy.tokens.js';
import { CommandPipeline } from '../streams/command-pipeline.js';
import { foldHistory } from '../streams/stream-kind.js';

export interface StoredPhoto {
  readonly deliveryId: string;
  readonly sha256: string;
  /** What PackagePlaced.photo.ref takes. */
  readonly ref: string;
  readonly contentType: ImageType;
  readonly size: number;
}

export interface PhotoUpload {
  readonly bytes: Buffer;
  /** The digest the caller declared in the `sha256` field. */
  readonly declaredSha256: string | null;
  /** The package whose recorded digest the image must match, if the caller names one. */
  readonly packageId: string | null;
}

const SHA256 = /^[0-9a-f]{64}$/;

const digestMismatch = (details: Record<string, unknown>) =>
  new HttpProblem(
    422,
    'PHOTO.DIGEST_MISMATCH',
    'The image does not match the SHA-256 recorded for it: nothing was stored',
    details,
  );

/** The digest a package's drop recorded. */
const recordedDigestOf = (state: DeliveryState, packageId: string): string | undefined =>
  Object.entries(state.photos).find(([, photo]) => photo.packageIds.includes(packageId))?.[0];

/**
 * Drop photos arriving: checked against their digest, encrypted with the delivery's data key. Before
 * its drop is recorded a photo is only kept; for a recorded drop it is matched to the recorded digest
 * and recorded as PhotoAttached, also after completion, within the grace period the drop recorded.
 */
@Injectable()
export class PhotoUploads {
  /** The last upload being kept, per delivery. */
  private readonly keeping = new Map<string, Promise<void>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly dataKeys: DataKeys,
    private readonly photos: PhotoVault,
    private readonly pipeline: CommandPipeline,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PRIVACY_SETTINGS) private readonly settings: PrivacySettings,
  ) {}

  async upload(
    deliveryId: string,
    { bytes, declaredSha256, packageId }: PhotoUpload,
    request: CommandRequest,
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
    if (sha256 !== declaredSha256)
      throw digestMismatch({ declared: declaredSha256, actual: sha256 });
    const state = foldHistory(
      deliveryStream,
      await this.store.readStream(deliveryStreamId(deliveryId)),
    );
    if (!state.delivery) throw new DeliveryNotFound(deliveryId);
    if (packageId !== null) {
      const recorded = recordedDigestOf(state, packageId);
      if (recorded === undefined)
        throw new HttpProblem(
          404,
          'PACKAGE.NOT_FOUND',
          `No package ${packageId} on delivery ${deliveryId}`,
        );
      if (recorded !== sha256) throw digestMismatch({ packageId, recorded, actual: sha256 });
    }
    const attachment = photoAttachment(state, sha256, this.clock.now());
    if (attachment === null && state.phase !== 'open') {
      throw new HttpProblem(
        409,
        'DELIVERY.CLOSED',
        `Delivery ${deliveryId} is ${state.phase}: only photos of its recorded drops are accepted`,
      );
    }
    // Past the grace period the image is not kept: the refusal is recorded (422 PHOTO.TOO_LATE).
    if (attachment !== 'too_late')
      await this.oneAtATime(deliveryId, () => this.keep(deliveryId, state, bytes, sha256));
    if (attachment !== null) {
      commandResponse(
        await this.pipeline.handle(deliveryStream, {
          id: deliveryId,
          request,
          occurredAt: undefined,
          naturalKey: `photo:${sha256}`,
          command: { type: 'AttachPhoto', data: { sha256 } },
        }),
      );
    }
    return {
      deliveryId,
      sha256,
      ref: photoRef(deliveryId, sha256),
      contentType,
      size: bytes.length,
    };
  }

  /**
   * A drop receipt's photo: its ref is the address its upload takes (a caller may omit it), and
   * whether the image is held already (uploaded before the drop was recorded).
   */
  async dropPhoto(
    deliveryId: string,
    photo: { sha256: string; ref?: string | undefined },
  ): Promise<{ ref: string; held: boolean }> {
    const ref = photoRef(deliveryId, photo.sha256);
    if (photo.ref !== undefined && photo.ref !== ref) {
      throw new HttpProblem(
        422,
        'PHOTO.REF_MISMATCH',
        'photo.ref, when sent, must be the address of this delivery’s photo with that sha256 (POST /v1/deliveries/{id}/photos answers it)',
        { ref: photo.ref, expected: ref },
      );
    }
    return { ref, held: await this.photos.has(deliveryId, photo.sha256) };
  }

  /**
   * Encrypts and keeps the image, within KEYTRAIL_PHOTOS_PER_DELIVERY distinct photos: the same image
   * again (a retry) takes no new place. A concurrent upload that pushes the delivery past the limit is
   * undone and refused, so the limit holds across instances too.
   */
  private async keep(
    deliveryId: string,
    state: DeliveryState,
    bytes: Buffer,
    sha256: string,
  ): Promise<void> {
    const held = await this.photos.digestsOf(deliveryId);
    const again = held.includes(sha256);
    if (!again && held.length >= this.settings.photosPerDelivery) throw this.tooMany(held.length);
    const key = await this.dataKeys.keyFor(
      deliveryKeyScope(deliveryId),
      state.delivery!.customerId,
    );
    if (!key)
      throw new HttpProblem(
        409,
        'SUBJECT.ERASED',
        "The customer's data was erased: no photo is kept",
      );
    await this.photos.store(key, deliveryId, bytes);
    if (again) return;
    const after = await this.photos.digestsOf(deliveryId);
    if (after.length > this.settings.photosPerDelivery) {
      await this.photos.remove(deliveryId, sha256);
      throw this.tooMany(after.length - 1);
    }
  }

  /** Uploads to one delivery are kept one after another here, so none of them is refused for another's race. */
  private oneAtATime<T>(deliveryId: string, work: () => Promise<T>): Promise<T> {
    const result = (this.keeping.get(deliveryId) ?? Promise.resolve()).then(work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.keeping.set(deliveryId, settled);
    void settled.then(() => {
      if (this.keeping.get(deliveryId) === settled) this.keeping.delete(deliveryId);
    });
    return result;
  }

  private tooMany(held: number): HttpProblem {
    const limit = this.settings.photosPerDelivery;
    return new HttpProblem(
      422,
      'PHOTO.TOO_MANY',
      `A delivery holds at most ${limit} photos (KEYTRAIL_PHOTOS_PER_DELIVERY): nothing was stored`,
      { limit, held },
    );
  }
}
