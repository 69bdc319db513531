import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { StaffAccount } from '@/accounts/staff-account.js';
import { StaffAccountsService } from '@/accounts/staff-accounts.service.js';
import { CurrentSession, DashboardAuthGuard } from './dashboard-auth.guard.js';
import type { DashboardSession } from './dashboard-session.js';
import { AccountChangeDto, NewAccountDto } from './dto/accounts.dto.js';
import { OwnerOnly } from './staff-roles.js';

/** The owner's Accounts panel: who may sign in, with which role; disabling an account ends its sessions at once. */
@ApiExcludeController()
@SkipThrottle()
@UseGuards(DashboardAuthGuard)
@OwnerOnly()
@Controller('dashboard/api/accounts')
export class DashboardAccountsController {
  constructor(private readonly accounts: StaffAccountsService) {}

  @Get()
  list(): Promise<StaffAccount[]> {
    return this.accounts.list();
  }

  @Post()
  add(@Body() dto: NewAccountDto, @CurrentSession() session: DashboardSession): Promise<StaffAccount> {
    return this.accounts.add(dto.username, dto.password, dto.role, `dashboard:${session.user}`);
  }

  @Patch(':id')
  change(
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 400 })) id: string,
    @Body() dto: AccountChangeDto,
    @CurrentSession() session: DashboardSession,
  ): Promise<StaffAccount> {
    return this.accounts.change(id, dto, `dashboard:${session.user}`);
  }
}
