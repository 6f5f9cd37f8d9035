import { Injectable } from '@nestjs/common';

import type { CommandRequest } from '../../http/command-request.js';
import { CommandPipeline } from '../streams/command-pipeline.js';
import { deliveryStream } from '../delivery/delivery.stream.js';
import {
  recordVendorResult,
  type VendorResultDetails,
} from './commands/record-vendor-command-result/record-vendor-command-result.command.js';
import { reportVehicleStatus } from './commands/report-vehicle-status/report-vehicle-status.command.js';
import { reportVehiclePosition } from './commands/report-vehicle-position/report-vehicle-position.command.js';
import { type OemResponse, oemResponse } from './oem-response.js';
import { refuseDuplicateFields, type SentPayload } from './raw-body.decorator.js';
import type { VendorPositionRead } from './vendor-position.js';
import { type VendorStatusRead, withContradictions } from './vendor-status-read.js';
import type { Vendor } from '../../domain/delivery/delivery.vocabulary.js';

/** What every carmaker webhook does with what its payload says: the pipeline on the delivery stream, then the answer. */
@Injectable()
export class OemReports {
  constructor(private readonly pipeline: CommandPipeline) {}

  /** A status read of the car, with the fields its payload states twice as contradictions. */
  async statusRead(
    deliveryId: string,
    vendor: Vendor,
    read: VendorStatusRead,
    { raw, duplicates }: SentPayload,
    request: CommandRequest,
  ): Promise<OemResponse> {
    const status = { vendor, ...withContradictions(read, duplicates), raw };
    return oemResponse(
      await this.pipeline.handle(deliveryStream, reportVehicleStatus(deliveryId, status, request)),
    );
  }

  /** A location read of the car; a payload stating a field twice says two places (400). */
  async positionRead(
    deliveryId: string,
    vendor: Vendor,
    read: VendorPositionRead,
    payload: SentPayload,
    request: CommandRequest,
  ): Promise<OemResponse> {
    refuseDuplicateFields(payload);
    const report = { vendor, ...read, raw: payload.raw };
    return oemResponse(
      await this.pipeline.handle(
        deliveryStream,
        reportVehiclePosition(deliveryId, report, request),
      ),
    );
  }

  /** A carmaker's answer to a lock or unlock command. */
  async commandResult(
    params: { deliveryId: string; commandId: string },
    vendor: Vendor,
    vendorStatus: string,
    { raw }: SentPayload,
    request: CommandRequest,
    details?: VendorResultDetails,
  ): Promise<OemResponse> {
    return oemResponse(
      await this.pipeline.handle(
        deliveryStream,
        recordVendorResult(params, vendor, vendorStatus, raw, request, details),
      ),
    );
  }
}
