import { ApiProperty, ApiSchema } from '@nestjs/swagger';

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];

/** POST /v1/deliveries/{id}/photos: the drop photo as stored (encrypted, by content address). */
@ApiSchema({ name: 'StoredPhoto' })
export class StoredPhotoDto {
  @ApiProperty() deliveryId: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) sha256: string;
  @ApiProperty({ description: 'What PackagePlaced.photo.ref takes' }) ref: string;
  @ApiProperty({ enum: IMAGE_TYPES }) contentType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
}
