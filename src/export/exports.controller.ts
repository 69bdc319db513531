import { Controller, Get, Param, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { NotFoundError } from '@/common/domain-error.js';
import { ExportStatusDto } from './dto/export-status.dto.js';
import { ExportsService } from './exports.service.js';
import { sendWorkbook } from './workbook-download.js';

@ApiTags('exports')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@SkipThrottle()
@Controller('api/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('status')
  @ApiOperation({ summary: 'Export queue health: waiting, active, failed jobs and the oldest change not yet in a workbook (admin)' })
  @ApiOkResponse({ type: ExportStatusDto })
  status(): Promise<ExportStatusDto> {
    return this.exports.status();
  }

  @Get(':date')
  @ApiOperation({ summary: "Download a business day's workbook, orders-YYYY-MM-DD.xlsx (admin)" })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The workbook' })
  @ApiBadRequestResponse({ description: 'The date is not a YYYY-MM-DD calendar day' })
  @ApiNotFoundResponse({ description: 'No orders on that day' })
  async download(@Param('date') date: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { path, pendingOrders } = await this.exports.download(date);
    await sendWorkbook(req, reply, path, () => new NotFoundError(`An export for ${date}`), {
      'X-Export-Pending-Orders': String(pendingOrders),
    });
  }
}
