import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';

import { CLOCK, type Clock } from '../../config/clock.js';
import { deviceRefusal } from '../../domain/device/device.decider.js';
import { deviceStreamId } from '../../domain/device/device.events.js';
import { deliveryStreamId } from '../../domain/delivery/delivery.events.js';
import type { TimeRules } from '../../domain/shared/time-rules.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import type { RequestWithEvidence } from '../../http/command-request.js';
import { TIME_RULES } from '../../ledger.module.js';
import { parseSourcePublicKey } from '../../verifier/source-key.js';
import { LEDGER_ID } from '../delivery/dto/validation.js';
import type { RequestWithBytes } from '../oem/duplicate-fields.js';
import {
  type ArrivingRequest,
  readSourceSignature,
  refused,
  verifySourceSignature,
} from '../oem/source-signature.js';
import { deliveryStream } from '../delivery/delivery.stream.js';
import { deviceStream } from '../streams/device.stream.js';
import { foldHistory } from '../streams/stream-kind.js';

/** KEYTRAIL_REQUIRE_DEVICE_SIGNATURES: drop receipts without a courier device's signature are refused. */
export const DEVICE_SIGNATURES_REQUIRED = Symbol('DEVICE_SIGNATURES_REQUIRED');

/** The signer a courier device's evidence names (a carmaker's names its carmaker). */
export const DEVICE_SIGNER = 'device';

/**
 * Checks a courier device's RFC 9421 signature over a drop receipt before the route runs (so a
 * refusal stores nothing): the device registered, not revoked, within its validity at `created`, and
 * the courier's whom one of the delivery's grants names. Hands the evidence to the command pipeline.
 */
@Injectable()
export class DeviceSignatureGuard implements CanActivate {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(DEVICE_SIGNATURES_REQUIRED) private readonly required: boolean,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(TIME_RULES) private readonly timeRules: TimeRules,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithBytes & RequestWithEvidence>();
    const arriving: ArrivingRequest = {
      method: request.method,
      url: request.originalUrl,
      headers: request.headers,
      body: request.rawBody ?? new Uint8Array(0),
    };
    const signature = readSourceSignature(
      arriving,
      this.required
        ? refused(
            401,
            'SOURCE.SIGNATURE_REQUIRED',
            "A drop receipt must carry the courier device's signature (Signature-Input, Signature)",
          )
        : null,
    );
    if (!signature) return true;
    const deviceId = signature.parsed.keyId;
    const deliveryId = String(request.params.id);
    // A malformed delivery id is answered 400 by validation, an unknown delivery 404 by the pipeline.
    if (!LEDGER_ID.test(deliveryId)) return true;
    const device = LEDGER_ID.test(deviceId)
      ? foldHistory(deviceStream, await this.store.readStream(deviceStreamId(deviceId)))
      : deviceStream.initialState();
    const created = new Date(signature.parsed.created * 1000).toISOString();
    switch (deviceRefusal(device, created)) {
      case 'unknown':
        throw refused(401, 'SOURCE.UNKNOWN_KEY', `No courier device ${deviceId} is registered`);
      case 'revoked':
        throw refused(401, 'SOURCE.KEY_REVOKED', `Device ${deviceId} was revoked`);
      case 'not_valid':
        throw refused(
          401,
          'SOURCE.KEY_NOT_VALID',
          `Device ${deviceId} is valid ${device.registration!.notBefore} to ${device.registration!.notAfter}, not at ${created}`,
        );
      case null:
        break;
    }
    const registration = device.registration!;
    const delivery = foldHistory(
      deliveryStream,
      await this.store.readStream(deliveryStreamId(deliveryId)),
    );
    if (!delivery.delivery) return true;
    const couriers = Object.values(delivery.grants).map((g) => g.grant.courierId);
    if (!couriers.includes(registration.courierId))
      throw refused(
        401,
        'SOURCE.WRONG_COURIER',
        `Device ${deviceId} is courier ${registration.courierId}'s, whom no grant of delivery ${deliveryId} names`,
      );
    const evidence = verifySourceSignature(
      arriving,
      signature,
      // Its validity was checked above, against the device's registration.
      {
        keyId: deviceId,
        ...parseSourcePublicKey(registration.publicKey),
        notBefore: null,
        notAfter: null,
      },
      DEVICE_SIGNER,
      new Date(this.clock.now()),
      this.timeRules,
    );
    request.sourceSignature = { ...evidence, courierId: registration.courierId };
    return true;
  }
}
