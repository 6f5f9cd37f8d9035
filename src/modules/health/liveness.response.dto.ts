import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/** GET /health/live: the process serves requests. */
@ApiSchema({ name: 'Liveness' })
export class LivenessDto {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
}
