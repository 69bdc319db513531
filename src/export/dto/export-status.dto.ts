import { ApiProperty } from '@nestjs/swagger';

export class ExportStatusDto {
  @ApiProperty({ enum: ['redis', 'in-process'], example: 'redis' })
  mode: 'redis' | 'in-process';

  @ApiProperty({ description: 'Whether the queue answered (false: Redis is down; counts are null)', example: true })
  reachable: boolean;

  @ApiProperty({ description: 'Whether this API process also consumes export jobs (RUN_WORKER)', example: false })
  consumingInThisProcess: boolean;

  @ApiProperty({ nullable: true, type: Number, example: 0 })
  waiting: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 1 })
  active: number | null;

  @ApiProperty({ nullable: true, type: Number, example: 0 })
  delayed: number | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Failed jobs kept for inspection', example: 0 })
  failed: number | null;

  @ApiProperty({ description: 'Orders whose latest change is not in the workbook yet', example: 3 })
  unexportedOrders: number;

  @ApiProperty({ nullable: true, type: String, example: '2025-11-28T18:02:11.000Z' })
  oldestUnexportedAt: string | null;

  @ApiProperty({ nullable: true, type: Number, description: 'Age of the oldest pending change, in seconds', example: 2 })
  oldestUnexportedAgeSeconds: number | null;
}
