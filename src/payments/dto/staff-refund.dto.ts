import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

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
}
