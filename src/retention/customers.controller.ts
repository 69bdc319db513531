import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { ErrorCode } from '@/common/domain-error.js';
import {
  ApiErrors,
  bodyRefusals,
  databaseUnavailable,
  domainError,
  rateLimited,
  unauthorized,
  validationFailed,
} from '@/openapi/api-errors.js';
import { CustomerErasure } from './customer-erasure.service.js';
import { CustomerErasureDto, EraseCustomerDto } from './dto/erase-customer.dto.js';

const ERASURE_EXAMPLE: CustomerErasureDto = {
  orderNumbers: ['A-1001', 'A-1042'],
  erased: { orders: 2, orderLines: 1, historyNotes: 1, texts: 3, staffRefunds: 0, idempotencyRecords: 2, calls: 1 },
  smsOptOutKept: false,
};

@ApiTags('customers')
@Controller('api/customers')
@UseGuards(AdminAuthGuard)
@ApiBearerAuth()
export class CustomersController {
  constructor(private readonly erasure: CustomerErasure) {}

  @Post('erase')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'eraseCustomer',
    summary: "Erase one customer's personal data on request, by phone number (admin)",
    description:
      'Every order placed with the number (any age), with its lines, history notes, texts, refund reasons and stored ' +
      'answers, and every call from the number, lose the personal data; amounts, items and statuses stay, and the ' +
      'workbooks of those days are rebuilt. All or nothing: with an order still in progress nothing is erased (409). ' +
      'A number with nothing left to erase answers zeros. The STOP list entry of the number, if any, is kept.',
  })
  @ApiBody({
    type: EraseCustomerDto,
    examples: {
      e164: { summary: 'As stored', value: { phone: '+14155550199' } },
      typed: { summary: 'As people type it', value: { phone: '+1 (415) 555-0199' } },
    },
  })
  @ApiOkResponse({ description: 'What was erased', type: CustomerErasureDto, example: ERASURE_EXAMPLE })
  @ApiErrors(
    validationFailed('phone must be an international phone number such as +14155550199'),
    bodyRefusals,
    unauthorized(),
    domainError(
      ErrorCode.CUSTOMER_HAS_OPEN_ORDERS,
      'This customer has an order in progress (A-1042): complete or cancel them first, then ask again. Nothing was erased.',
      { orderNumbers: ['A-1042'] },
    ),
    rateLimited,
    databaseUnavailable,
  )
  erase(@Body() dto: EraseCustomerDto): Promise<CustomerErasureDto> {
    return this.erasure.erase(dto.phone);
  }
}
