import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { ErrorCode } from '@/common/domain-error.js';
import { ApiErrors, databaseUnavailable, domainError, rateLimited, unauthorized, validationFailed } from '@/openapi/api-errors.js';
import { ReportDto, ReportQueryDto } from './dto/report.dto.js';
import { REPORT_EXAMPLE } from './report.example.js';
import { reportFileName, reportWorkbook } from './report-workbook.js';
import { MAX_REPORT_DAYS } from './report-period.js';
import { ReportsService } from './reports.service.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const REPORT_ERRORS = [
  validationFailed('from must be shorter than or equal to 10 characters'),
  domainError(ErrorCode.INVALID_PERIOD, 'from (2026-12-04) is after to (2026-11-01).'),
  domainError(ErrorCode.PERIOD_TOO_LONG, `A report covers at most ${MAX_REPORT_DAYS} days; this period has 400.`, {
    maxDays: MAX_REPORT_DAYS,
  }),
  unauthorized(),
  rateLimited,
  databaseUnavailable,
];

/** Sends a report as its .xlsx download (admin API and dashboard alike). */
export async function sendReportWorkbook(reply: FastifyReply, report: ReportDto): Promise<void> {
  const body = await reportWorkbook(report);
  reply
    .header('Content-Type', XLSX)
    .header('Content-Disposition', `attachment; filename="${reportFileName(report)}"`)
    .header('Cache-Control', 'no-store')
    .send(body);
}

@ApiTags('reports')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({
    operationId: 'getReport',
    summary: 'Sales report for a period: totals, channels, fulfillment, calls, per hour or day, busiest hours, top dishes (admin)',
    description:
      "The period is a name (`period=last-7-days`) or business days (`from`, `to`, included) in the restaurant's time zone; " +
      'nothing given is today. Orders count on their business day (as in the daily workbook); cancelled orders count ' +
      'only as cancellations; refunds count on the day of the order they belong to.',
  })
  @ApiOkResponse({ description: 'The report', type: ReportDto, example: REPORT_EXAMPLE })
  @ApiErrors(...REPORT_ERRORS)
  report(@Query() query: ReportQueryDto): Promise<ReportDto> {
    return this.reports.report(query);
  }

  @Get('workbook')
  @ApiOperation({
    operationId: 'downloadReport',
    summary: 'The same report as an .xlsx workbook (admin)',
    description: 'Sheets: Summary, By channel (and fulfillment), Per hour or Per day, Busiest hours, Top dishes, Top options.',
  })
  @ApiResponse({
    status: 200,
    description: 'The workbook (`Content-Disposition: attachment; filename="report-2026-11-01-to-2026-11-30.xlsx"`)',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiErrors(...REPORT_ERRORS)
  async workbook(@Query() query: ReportQueryDto, @Res() reply: FastifyReply): Promise<void> {
    await sendReportWorkbook(reply, await this.reports.report(query));
  }
}
