import { Module } from '@nestjs/common';

import { CommandPipelineModule } from '../streams/command-pipeline.module.js';
import { PhotoUploads } from './photo-uploads.service.js';
import { PhotosHttpController } from './photos.http.controller.js';
import { PhotosService } from './photos.service.js';

/** Drop photos: upload (checked, encrypted, matched to recorded drops) and reveal (to the customer, or under a case). */
@Module({
  imports: [CommandPipelineModule],
  controllers: [PhotosHttpController],
  providers: [PhotosService, PhotoUploads],
  exports: [PhotoUploads],
})
export class PhotosModule {}
