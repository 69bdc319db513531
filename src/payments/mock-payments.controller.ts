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
import { ApiBearerAuth, ApiConflictResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { paymentsConfig } from '@/config/payments.config.js';
import { OrderDto } from '@/orders/dto/order.dto.js';
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

@ApiTags('payments (development)')
@Controller('api/payments/mock')
@UseGuards(MockDriverOnlyGuard, AdminAuthGuard)
@ApiBearerAuth()
export class MockPaymentsController {
  constructor(private readonly orders: OrdersService) {}

  @Post(':orderId/:outcome')
  @HttpCode(200)
  @ApiOperation({ summary: "Development only (PAYMENTS_DRIVER=mock): settle a mock card payment, as Stripe's webhook would" })
  @ApiParam({ name: 'outcome', enum: Object.keys(OUTCOMES) })
  @ApiOkResponse({ type: OrderDto })
  @ApiConflictResponse({ description: 'The order is not a pending mock card payment' })
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
