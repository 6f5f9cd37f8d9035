import { Module } from '@nestjs/common';

import { PhotosHttpController } from './photos.http.controller.js';
import { PhotosService } from './photos.service.js';

/** Drop photos: upload (checked, encrypted) and reveal (to the customer, or under a case). */
@Module({
  controllers: [PhotosHttpController],
  providers: [PhotosService],
  exports: [PhotosService],
})
export class PhotosModule {}
