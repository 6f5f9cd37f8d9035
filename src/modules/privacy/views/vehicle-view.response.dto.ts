import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'LedgerPlace' })
class LedgerPlaceDto {
  @ApiProperty() globalPosition: number;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
}

/** A car as its customer linked it, the plate and photo shown as the reader's view allows. */
@ApiSchema({ name: 'Vehicle' })
export class VehicleViewDto {
  @ApiProperty() vehicleId: string;
  @ApiProperty({
    description:
      'The plate as the view allows: in clear (owner, case), else a keyed-hash token or a marker of its erasure',
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }],
  })
  plate: unknown;
  @ApiProperty() make: string;
  @ApiProperty() model: string;
  @ApiProperty() colour: string;
  @ApiProperty({
    description: 'The car photo as the view allows (null: none)',
    nullable: true,
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: true }],
  })
  photo: unknown;
  @ApiProperty({ type: LedgerPlaceDto, description: 'Where the link is in the ledger' })
  linkedAt: LedgerPlaceDto;
}
