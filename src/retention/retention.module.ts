import { Module } from '@nestjs/common';
import { NotificationsDataModule } from '@/notifications/notifications-data.module.js';
import { CustomerErasure } from './customer-erasure.service.js';
import { CustomersController } from './customers.controller.js';
import { PersonalDataRepository } from './personal-data.repository.js';
import { RetentionService } from './retention.service.js';

/**
 * Retention of personal data: the nightly job and erasure on request (README "Personal data and retention").
 * Imported by AppModule only: every API process checks for the night's run; worker processes take no part.
 */
@Module({
  imports: [NotificationsDataModule],
  controllers: [CustomersController],
  providers: [PersonalDataRepository, RetentionService, CustomerErasure],
  exports: [RetentionService],
})
export class RetentionModule {}
