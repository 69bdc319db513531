import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * An inbound text as Twilio POSTs it (form fields, application/x-www-form-urlencoded), as far as this service reads
 * it: the documentation of `POST /webhook/twilio`. Twilio sends more fields; all of them are covered by the signature.
 */
export class TwilioInboundSmsDto {
  @ApiProperty({ example: 'SM1f0e8ae6ade43cb3c0ce4525424e404f', description: "Twilio's id of the inbound message" })
  MessageSid: string;
  @ApiProperty({ example: 'AC0123456789abcdef0123456789abcdef', description: 'The account the number belongs to' })
  AccountSid: string;
  @ApiProperty({ example: '+12065550142', description: 'The customer (E.164): the number an opt-out or opt-in is for' })
  From: string;
  @ApiProperty({ example: '+12065550100', description: "The restaurant's number (TWILIO_FROM)" })
  To: string;
  @ApiPropertyOptional({
    example: 'STOP',
    description:
      'The text. The whole text (any case) STOP, STOPALL, UNSUBSCRIBE, CANCEL, END or QUIT opts the number out of our texts; ' +
      'START, UNSTOP or YES opts it back in; anything else is acknowledged and ignored.',
  })
  Body?: string;
}
