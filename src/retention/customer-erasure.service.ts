import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@/common/clock.js';
import { DomainError, ErrorCode } from '@/common/domain-error.js';
import { ExportScheduler } from '@/export/export-scheduler.js';
import { OutboundMessagesRepository } from '@/notifications/outbound-messages.repository.js';
import type { CustomerErasureDto } from './dto/erase-customer.dto.js';
import { FINISHED_STATUSES, PersonalDataRepository } from './personal-data.repository.js';

/**
 * Erases one customer's personal data on request, by phone number, whatever its age: every order placed with the
 * number, everything hanging off those orders, and every call from it. All or nothing, in one transaction with
 * the orders locked. An order still in progress refuses the whole erasure (409 CUSTOMER_HAS_OPEN_ORDERS, nothing
 * changed): its kitchen ticket, delivery and texts still need the name, phone and address. The log says what was
 * done, never whose.
 */
@Injectable()
export class CustomerErasure {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly personalData: PersonalDataRepository,
    private readonly texts: OutboundMessagesRepository,
    private readonly exports: ExportScheduler,
    private readonly clock: Clock,
  ) {}

  async erase(phone: string): Promise<CustomerErasureDto> {
    const started = Date.now();
    const at = this.clock.now();
    const { counts, orders } = await this.personalData.transaction(async (tx) => {
      const customerOrders = await this.personalData.lockCustomerOrders(tx, phone);
      const open = customerOrders.filter((o) => !(FINISHED_STATUSES as readonly string[]).includes(o.status));
      if (open.length > 0) {
        throw new DomainError(
          ErrorCode.CUSTOMER_HAS_OPEN_ORDERS,
          `This customer has ${open.length === 1 ? 'an order' : 'orders'} in progress (${open.map((o) => o.orderNumber).join(', ')}): ` +
            'complete or cancel them first, then ask again. Nothing was erased.',
          { orderNumbers: open.map((o) => o.orderNumber) },
        );
      }
      const done = await this.personalData.anonymizeOrders(
        tx,
        customerOrders.map((o) => o.id),
        at,
      );
      done.counts.calls += await this.personalData.anonymizeCallsFrom(tx, phone, at);
      return done;
    });
    for (const day of new Set(orders.map((o) => o.businessDate))) void this.exports.requestDay(day).catch(() => undefined);
    const smsOptOutKept = await this.texts.isOptedOut(phone);
    this.logger.log(
      `Erasure on request: ${counts.orders} order(s), ${counts.orderLines} line note(s), ${counts.historyNotes} history note(s), ` +
        `${counts.texts} text(s), ${counts.staffRefunds} refund reason(s), ${counts.idempotencyRecords} stored answer(s), ` +
        `${counts.calls} call(s) in ${Date.now() - started} ms`,
    );
    return { orderNumbers: orders.map((o) => o.orderNumber), erased: counts, smsOptOutKept };
  }
}
