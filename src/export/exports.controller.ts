import { Controller, Get, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { ErrorCode, NotFoundError } from '@/common/domain-error.js';
import {
  ApiErrors,
  databaseUnavailable,
  domainError,
  type ErrorAnswer,
  notFound,
  unauthorized,
  undecodablePath,
} from '@/openapi/api-errors.js';
import { ExportStatusDto } from './dto/export-status.dto.js';
import { ExportsService } from './exports.service.js';
import { sendWorkbook } from './workbook-download.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const EXPORT_STATUS_EXAMPLE: ExportStatusDto = {
  mode: 'redis',
  reachable: true,
  consumingInThisProcess: false,
  waiting: 0,
  active: 1,
  delayed: 0,
  failed: 0,
  unexportedOrders: 3,
  oldestUnexportedAt: '2025-11-28T18:02:11.000Z',
  oldestUnexportedAgeSeconds: 2,
};

/** @fastify/send's answers to conditional and range requests (no code). */
const sendAnswer = (status: number, name: string, summary: string): ErrorAnswer => ({
  status,
  name,
  summary,
  body: { statusCode: status, error: STATUS_CODES[status], message: STATUS_CODES[status] },
});

@ApiTags('exports')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@SkipThrottle()
@Controller('api/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('status')
  @ApiOperation({
    operationId: 'getExportStatus',
    summary: 'Export queue health: waiting, active, failed jobs and the oldest change not yet in a workbook (admin)',
  })
  @ApiOkResponse({ description: "The queue's counts and the export backlog", type: ExportStatusDto, example: EXPORT_STATUS_EXAMPLE })
  @ApiErrors(unauthorized(), databaseUnavailable)
  status(): Promise<ExportStatusDto> {
    return this.exports.status();
  }

  @Get(':date')
  @ApiOperation({
    operationId: 'downloadExport',
    summary: "Download a business day's workbook, orders-YYYY-MM-DD.xlsx (admin)",
    description: 'Byte ranges (`Range`), `If-Modified-Since` and `HEAD` are answered as for a static file.',
  })
  @ApiParam({
    name: 'date',
    description: 'The business day, YYYY-MM-DD',
    schema: { type: 'string', format: 'date', example: '2025-11-28' },
  })
  @ApiOkResponse({
    description: 'The workbook (`Content-Disposition: attachment`)',
    headers: {
      'X-Export-Pending-Orders': {
        description: 'Orders of that day whose latest change is not in this file yet',
        schema: { type: 'integer', example: 0 },
      },
    },
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({
    status: 206,
    description: 'Partial Content: the requested byte range',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiResponse({ status: 304, description: 'Not Modified: unchanged since If-Modified-Since' })
  @ApiErrors(
    domainError(ErrorCode.INVALID_DATE, 'The date must be a calendar day written YYYY-MM-DD, for example 2025-11-28.'),
    undecodablePath,
    unauthorized(),
    notFound('An export for 2025-11-28 (there are no orders that day)'),
    sendAnswer(412, 'preconditionFailed', 'If-Unmodified-Since is older than the file'),
    sendAnswer(416, 'rangeNotSatisfiable', 'The Range is outside the file'),
    domainError(ErrorCode.EXPORT_NOT_READY, 'The workbook for 2025-11-28 is being written; try again in a few seconds.'),
    databaseUnavailable,
  )
  async download(@Param('date') date: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { path, pendingOrders } = await this.exports.download(date);
    await sendWorkbook(req, reply, path, () => new NotFoundError(`An export for ${date}`), {
      'X-Export-Pending-Orders': String(pendingOrders),
    });
  }
}
