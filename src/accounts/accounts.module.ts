import { Module } from '@nestjs/common';
import { ClusterEventsModule } from '@/cluster-events/cluster-events.module.js';
import { StaffAccountsService } from './staff-accounts.service.js';

/** Staff accounts (sign-in, roles, the owner's account list); the dashboard imports it. */
@Module({
  imports: [ClusterEventsModule],
  providers: [StaffAccountsService],
  exports: [StaffAccountsService],
})
export class AccountsModule {}
