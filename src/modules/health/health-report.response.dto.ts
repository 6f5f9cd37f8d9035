import {
  ApiProperty,
  type ApiPropertyOptions,
  ApiPropertyOptional,
  ApiSchema,
} from '@nestjs/swagger';

const INDICATORS: ApiPropertyOptions = {
  type: 'object',
  description:
    'By check (database, event store, each projection, each witness): its status and figures',
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    required: ['status'],
    additionalProperties: true,
  },
};

/** /health and /health/ready: every check and its figures (terminus' report). */
@ApiSchema({ name: 'HealthReport' })
export class HealthReportDto {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] }) status: string;
  @ApiPropertyOptional({ ...INDICATORS, description: 'The checks that are up' })
  info?: Record<string, unknown>;
  @ApiPropertyOptional({ ...INDICATORS, description: 'The checks that are down' })
  error?: Record<string, unknown>;
  @ApiProperty(INDICATORS) details: Record<string, unknown>;
}
