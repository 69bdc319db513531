import {
  CanActivate,
  Controller,
  HttpCode,
  Inject,
  Injectable,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  UseGuards,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { paymentsConfig } from '@/config/payments.config.js';
import {
  ApiErrors,
  databaseUnavailable,
  domainError,
  type ErrorAnswer,
  notAUuid,
  notFound,
  rateLimited,
  unauthorized,
  undecodablePath,
  bodyRefusals,
} from '@/openapi/api-errors.js';
import { OrderDto } from '@/orders/dto/order.dto.js';
import { ORDER_EXAMPLE } from '@/orders/dto/order.examples.js';
import { OrdersService } from '@/orders/orders.service.js';
import type { PaymentStatus } from '@/orders/order-status.js';
import { CheckoutExpiry } from './checkout-expiry.service.js';
import { canChangePayment } from './payment-transitions.js';

/** The mock endpoints exist only while the mock gateway is active (development): elsewhere they are a 404. */
@Injectable()
export class MockDriverOnlyGuard implements CanActivate {
  private readonly active: boolean;

  constructor(@Inject(paymentsConfig.KEY) payments: ConfigType<typeof paymentsConfig>) {
    this.active = payments.driver === 'mock';
  }

  canActivate(): boolean {
    if (!this.active) throw new NotFoundException();
    return true;
  }
}

/** `expire`: the payment link ran out unpaid (Stripe's checkout.session.expired): failed, and the order cancelled. */
const OUTCOMES: Record<string, PaymentStatus> = { pay: 'paid', fail: 'failed', expire: 'failed' };

/** Nest's own 404 (no code): the mock is not active here, or the outcome is neither pay nor fail. */
const mockNotActive: ErrorAnswer = {
  status: 404,
  name: 'mockNotActive',
  summary: 'Not the mock payment driver, or an unknown outcome',
  body: { statusCode: 404, error: 'Not Found', message: 'Not Found' },
};

@ApiTags('payments')
@Controller('api/payments/mock')
@UseGuards(MockDriverOnlyGuard, AdminAuthGuard)
@ApiBearerAuth()
export class MockPaymentsController {
  constructor(
    private readonly orders: OrdersService,
    private readonly expiry: CheckoutExpiry,
  ) {}

  @Post(':orderId/:outcome')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'settleMockPayment',
    summary: "Development only (PAYMENTS_DRIVER=mock): settle a mock card payment, as Stripe's webhook would",
  })
  @ApiParam({ name: 'orderId', format: 'uuid', description: 'A card order placed with the mock driver' })
  @ApiParam({
    name: 'outcome',
    enum: Object.keys(OUTCOMES),
    description: 'pay: the payment succeeds; fail: it fails; expire: the payment link runs out unpaid and the order is cancelled',
  })
  @ApiOkResponse({
    description: 'The order with its new payment status',
    type: OrderDto,
    example: { ...ORDER_EXAMPLE, paymentStatus: 'paid', payment: { provider: 'mock', reference: 'pi_mock_0d9f4c1a' } },
  })
  @ApiErrors(
    notAUuid(),
    undecodablePath,
    // It reads no body, but a body it is sent is refused before the route runs like on any POST.
    bodyRefusals,
    unauthorized(),
    mockNotActive,
    notFound('Order'),
    domainError(ErrorCode.ILLEGAL_TRANSITION, 'Order A-1042 is not a mock card payment that can become paid (payment is paid).'),
    rateLimited,
    databaseUnavailable,
  )
  async settle(@Param('orderId', new ParseUUIDPipe()) orderId: string, @Param('outcome') outcome: string): Promise<OrderDto> {
    const to = OUTCOMES[outcome];
    if (!to) throw new NotFoundException(`Unknown mock payment outcome "${outcome}" (use pay, fail or expire).`);
    const note = outcome === 'expire' ? 'Mock payment link expired unpaid' : 'Mock payment settled in development';
    const settled = await this.orders.setPaymentStatus(orderId, to, 'mock-payments', note, async (_tx, current) => {
      if (outcome === 'expire' && current.paymentProvider === 'mock' && current.paymentStatus === 'failed') return false;
      if (current.paymentProvider !== 'mock' || !canChangePayment(current.paymentStatus, to)) {
        throw new DomainError(
          ErrorCode.ILLEGAL_TRANSITION,
          `Order ${current.orderNumber} is not a mock card payment that can become ${to} (payment is ${current.paymentStatus}).`,
        );
      }
      return true;
    });
    return outcome === 'expire' ? this.expiry.cancelUnpaid(orderId, 'mock-payments') : settled;
  }
}
