import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'LockConfirmation' })
class LockConfirmationDto {
  @ApiProperty() commandId: string;
  @ApiProperty({ format: 'date-time', description: "The car's own time of the status read" })
  statusTimestamp: string;
}

/** GET /v1/deliveries/{id}/release: may the courier leave? */
@ApiSchema({ name: 'Release' })
export class ReleaseResponseDto {
  @ApiProperty() deliveryId: string;
  @ApiProperty({ description: 'True only while a lock confirmation holds' }) released: boolean;
  @ApiProperty({ example: 'lock_confirmed' }) reason: string;
  @ApiProperty({ type: LockConfirmationDto, nullable: true })
  lockConfirmation: LockConfirmationDto | null;
}
