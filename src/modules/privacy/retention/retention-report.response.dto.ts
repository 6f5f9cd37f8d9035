import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'RetentionShred' })
class RetentionShredDto {
  @ApiProperty() customerId: string;
  @ApiProperty({ type: [String] }) deliveryIds: string[];
  @ApiProperty({ type: [String], description: 'The data key scopes destroyed (dry run: would be)' })
  keyScopes: string[];
  @ApiProperty() keysDestroyed: number;
  @ApiProperty({ description: "The couriers' keys of those deliveries" })
  courierKeysDestroyed: number;
  @ApiProperty() photosDeleted: number;
}

@ApiSchema({ name: 'RetentionHeldBack' })
class RetentionHeldBackDto {
  @ApiProperty() customerId: string;
  @ApiProperty({ type: [String] }) caseIds: string[];
  @ApiProperty({ type: [String] }) deliveryIds: string[];
}

@ApiSchema({ name: 'RetentionTotals' })
class RetentionTotalsDto {
  @ApiProperty() customers: number;
  @ApiProperty() deliveries: number;
  @ApiProperty() keys: number;
  @ApiProperty() courierKeys: number;
  @ApiProperty() photos: number;
  @ApiProperty() heldBackCustomers: number;
}

/** POST /v1/retention/run: what the run shredded (or, a dry run, would) and what it held back. */
@ApiSchema({ name: 'RetentionReport' })
export class RetentionReportDto {
  @ApiProperty({ format: 'date-time' }) ranAt: string;
  @ApiProperty({ description: 'True when nothing was changed' }) dryRun: boolean;
  @ApiProperty() retentionDays: number;
  @ApiProperty({ format: 'date-time', description: 'Deliveries closed before this were shredded' })
  closedBefore: string;
  @ApiProperty({ type: [RetentionShredDto] }) shredded: RetentionShredDto[];
  @ApiProperty({ type: [RetentionHeldBackDto], description: 'Due, but under legal hold' })
  heldBack: RetentionHeldBackDto[];
  @ApiProperty({ type: RetentionTotalsDto }) totals: RetentionTotalsDto;
}
