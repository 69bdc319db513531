import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import type { ReportDto } from '@/reports/dto/report.dto.js';
import { ReportQueryDto } from '@/reports/dto/report.dto.js';
import { sendReportWorkbook } from '@/reports/reports.controller.js';
import { ReportsService } from '@/reports/reports.service.js';
import { DashboardAuthGuard } from './dashboard-auth.guard.js';
import { OwnerOnly } from './staff-roles.js';

/** The owner's Reports page's data and its download: the admin API's report, behind the owner's session. */
@ApiExcludeController()
@SkipThrottle()
@UseGuards(DashboardAuthGuard)
@OwnerOnly()
@Controller('dashboard')
export class DashboardReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('api/reports')
  report(@Query() query: ReportQueryDto): Promise<ReportDto> {
    return this.reports.report(query);
  }

  @Get('reports/workbook')
  async workbook(@Query() query: ReportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await sendReportWorkbook(reply, await this.reports.report(query));
  }
}
