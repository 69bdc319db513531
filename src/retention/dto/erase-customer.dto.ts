import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { E164, normalizePhone } from '@/orders/dto/create-order.dto.js';

export class EraseCustomerDto {
  @ApiProperty({
    description: "The customer's phone number, written as orders take it (spaces, dashes, dots and brackets are ignored): E.164",
    example: '+14155550199',
  })
  @Transform(normalizePhone)
  @IsString()
  @Matches(E164, { message: 'phone must be an international phone number such as +14155550199' })
  phone: string;
}

export class ErasedCountsDto {
  @ApiProperty({ type: 'integer', example: 2, description: 'Orders whose name, phone, address, coordinates and notes were erased' })
  orders: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'Order lines whose notes were erased' })
  orderLines: number;
  @ApiProperty({ type: 'integer', example: 1, description: "Notes of the orders' history (refund reasons, text outcomes) erased" })
  historyNotes: number;
  @ApiProperty({ type: 'integer', example: 3, description: 'Texts to the customer whose number and wording were erased' })
  texts: number;
  @ApiProperty({ type: 'integer', example: 0, description: 'Reasons staff gave for refunds of these orders, erased' })
  staffRefunds: number;
  @ApiProperty({ type: 'integer', example: 2, description: 'Stored first answers of keyed order requests, deleted' })
  idempotencyRecords: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'Phone calls whose number, transcript, recording link and summary were erased' })
  calls: number;
}

export class CustomerErasureDto {
  @ApiProperty({ type: [String], example: ['A-1001', 'A-1042'], description: 'The orders erased (their amounts and items stay)' })
  orderNumbers: string[];

  @ApiProperty({ type: ErasedCountsDto })
  erased: ErasedCountsDto;

  @ApiProperty({
    example: false,
    description:
      'Whether the number is on the text opt-out list (it replied STOP). That entry is kept, so the number is never texted again',
  })
  smsOptOutKept: boolean;
}
