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

const OUTCOMES: Record<string, PaymentStatus> = { pay: 'paid', fail: 'failed' };

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
  constructor(private readonly orders: OrdersService) {}

  @Post(':orderId/:outcome')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'settleMockPayment',
    summary: "Development only (PAYMENTS_DRIVER=mock): settle a mock card payment, as Stripe's webhook would",
  })
  @ApiParam({ name: 'orderId', format: 'uuid', description: 'A card order placed with the mock driver' })
  @ApiParam({ name: 'outcome', enum: Object.keys(OUTCOMES), description: 'pay: the payment succeeds; fail: it fails' })
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
  settle(@Param('orderId', new ParseUUIDPipe()) orderId: string, @Param('outcome') outcome: string): Promise<OrderDto> {
    const to = OUTCOMES[outcome];
    if (!to) throw new NotFoundException(`Unknown mock payment outcome "${outcome}" (use pay or fail).`);
    return this.orders.setPaymentStatus(orderId, to, 'mock-payments', 'Mock payment settled in development', async (_tx, current) => {
      if (current.paymentProvider !== 'mock' || !canChangePayment(current.paymentStatus, to)) {
        throw new DomainError(
          ErrorCode.ILLEGAL_TRANSITION,
          `Order ${current.orderNumber} is not a mock card payment that can become ${to} (payment is ${current.paymentStatus}).`,
        );
      }
      return true;
    });
  }
}
