import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';

/** A refund staff give: part of the payment, or (amount left out) all that is left of it. */
export class StaffRefundDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    example: 500,
    description: 'How much to give back, in minor units; left out: everything not refunded yet',
  })
  @IsOptional()
  @IsInt({ message: 'amountCents must be a whole number of minor units' })
  @Min(1, { message: 'amountCents must be at least 1' })
  @Max(100_000_000, { message: 'amountCents must not be greater than 100000000' })
  amountCents?: number;

  @ApiProperty({ minLength: 1, maxLength: 140, example: 'Pizza arrived cold', description: 'Why, for the history' })
  @IsString({ message: 'reason must be a string' })
  @Length(1, 140, { message: 'reason must be 1 to 140 characters' })
  reason: string;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '5a0d3b1e-7c4f-4e2a-9b6d-8f1e2c3a4b5d',
    description:
      'A uuid the client makes for this refund. A retry with the same requestId (a lost answer, a double click) is answered ' +
      'with the order as it is, and never refunds twice',
  })
  @IsOptional()
  @IsUUID('all', { message: 'requestId must be a uuid' })
  requestId?: string;
}
