import { Injectable } from '@nestjs/common';

import type { CommandRequest } from '../../http/command-request.js';
import { CommandPipeline } from '../streams/command-pipeline.js';
import { deliveryStream } from '../delivery/delivery.stream.js';
import {
  recordVendorResult,
  type VendorResultDetails,
} from './commands/record-vendor-command-result/record-vendor-command-result.command.js';
import { carmakerReport } from './carmaker-report.js';
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
    const data = { vendor, ...withContradictions(read, duplicates), raw };
    const report = { type: 'ReportVehicleStatus' as const, data };
    return this.record(deliveryId, report, data.statusTimestamp, request);
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
    const data = { vendor, ...read, raw: payload.raw };
    const report = { type: 'ReportVehiclePosition' as const, data };
    return this.record(deliveryId, report, data.positionAt, request);
  }

  /** A read of the car through the pipeline, answered with what it confirmed. */
  private async record(
    deliveryId: string,
    report: Parameters<typeof carmakerReport>[1],
    occurredAt: string,
    request: CommandRequest,
  ): Promise<OemResponse> {
    const input = carmakerReport(deliveryId, report, occurredAt, request);
    return oemResponse(await this.pipeline.handle(deliveryStream, input));
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
