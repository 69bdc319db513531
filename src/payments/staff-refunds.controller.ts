import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { ErrorCode } from '@/common/domain-error.js';
import {
  ApiErrors,
  bodyRefusals,
  databaseUnavailable,
  domainError,
  notAUuid,
  notFound,
  rateLimited,
  unauthorized,
  undecodablePath,
  validationFailed,
} from '@/openapi/api-errors.js';
import { OrderDto } from '@/orders/dto/order.dto.js';
import { ORDER_EXAMPLE } from '@/orders/dto/order.examples.js';
import { StaffRefundDto } from './dto/staff-refund.dto.js';
import { StaffRefunds } from './staff-refunds.service.js';

@ApiTags('orders')
@Controller('api/orders')
@UseGuards(AdminAuthGuard)
@ApiBearerAuth()
export class StaffRefundsController {
  constructor(private readonly refunds: StaffRefunds) {}

  @Post(':id/refunds')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'refundOrder',
    summary: 'Give back part or all of a paid card order (admin); the history keeps who and why',
    description:
      'The amount is reserved on the order, then the payment provider is asked (one idempotency key per request). ' +
      'Several partial refunds may follow each other up to the total; paymentStatus becomes partially_refunded, then refunded.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The order' })
  @ApiBody({
    type: StaffRefundDto,
    examples: {
      part: { summary: 'Part of it', value: { amountCents: 500, reason: 'Pizza arrived cold' } },
      rest: { summary: 'Everything left', value: { reason: 'Order never arrived' } },
    },
  })
  @ApiOkResponse({
    description: 'The order with the refund recorded',
    type: OrderDto,
    example: { ...ORDER_EXAMPLE, paymentStatus: 'partially_refunded', refundedCents: 500 },
  })
  @ApiErrors(
    validationFailed('reason must be 1 to 140 characters', 'amountCents must be at least 1'),
    notAUuid(),
    undecodablePath,
    bodyRefusals,
    unauthorized(),
    notFound('Order'),
    domainError(ErrorCode.ILLEGAL_TRANSITION, 'Order A-1042 is not paid (payment is pending).', { paymentStatus: 'pending' }),
    domainError(ErrorCode.REFUND_EXCEEDS_PAYMENT, 'Order A-1042 has $4.50 left to refund; $10.00 is more than that.', {
      refundableCents: 450,
    }),
    domainError(ErrorCode.PAYMENT_PROVIDER_REFUSED, 'The payment provider refused the refund; nothing was refunded (charge disputed).'),
    domainError(
      ErrorCode.PAYMENT_UNAVAILABLE,
      'The payment provider could not be reached; nothing was refunded. Please try again in a moment.',
    ),
    rateLimited,
    databaseUnavailable,
  )
  refund(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: StaffRefundDto): Promise<OrderDto> {
    return this.refunds.refund(id, dto, 'admin-api');
  }
}
