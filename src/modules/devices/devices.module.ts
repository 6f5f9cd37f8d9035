import { type DynamicModule, Module } from '@nestjs/common';

import { CommandPipelineModule } from '../streams/command-pipeline.module.js';
import { DEVICE_SIGNATURES_REQUIRED, DeviceSignatureGuard } from './device-signature.guard.js';
import { DevicesHttpController } from './devices.http.controller.js';

/**
 * Couriers' devices and their keys. Global, so that the drop-receipt routes (delivery, photos) guard
 * themselves with `DeviceSignatureGuard` as KEYTRAIL_REQUIRE_DEVICE_SIGNATURES says.
 */
@Module({})
export class DevicesModule {
  static forRoot(requireSignatures = false): DynamicModule {
    return {
      module: DevicesModule,
      global: true,
      imports: [CommandPipelineModule],
      controllers: [DevicesHttpController],
      providers: [
        DeviceSignatureGuard,
        { provide: DEVICE_SIGNATURES_REQUIRED, useValue: requireSignatures },
      ],
      exports: [DeviceSignatureGuard, DEVICE_SIGNATURES_REQUIRED],
    };
  }
}
