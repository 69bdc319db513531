import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Readable } from 'node:stream';
import { open } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import { exportConfig } from '@/config/export.config.js';
import { DayExporter } from './day-exporter.service.js';
import { isCalendarDay } from './export.constants.js';
import { ExportScheduler } from './export-scheduler.js';
import type { ExportStatusDto } from './dto/export-status.dto.js';
import { workbookFileName } from './workbook-file.js';

export interface ExportDownload {
  name: string;
  size: number;
  stream: Readable;
  pendingOrders: number;
}

/** Admin side of the export: queue health and workbook downloads. */
@Injectable()
export class ExportsService {
  private readonly dir: string;

  constructor(
    private readonly exporter: DayExporter,
    private readonly scheduler: ExportScheduler,
    @Inject(exportConfig.KEY) config: ConfigType<typeof exportConfig>,
  ) {
    this.dir = resolve(config.dir);
  }

  async status(): Promise<ExportStatusDto> {
    const backlog = await this.exporter.backlog();
    const counts = await this.scheduler.counts().catch(() => null);
    const age = backlog.oldestUnexportedAt ? Math.max(0, Math.round((Date.now() - Date.parse(backlog.oldestUnexportedAt)) / 1000)) : null;
    return {
      mode: counts?.mode ?? 'redis',
      reachable: counts !== null,
      consumingInThisProcess: counts?.consuming ?? false,
      waiting: counts?.waiting ?? null,
      active: counts?.active ?? null,
      delayed: counts?.delayed ?? null,
      failed: counts?.failed ?? null,
      ...backlog,
      oldestUnexportedAgeSeconds: age,
    };
  }

  /**
   * Opens a day's workbook for download. The handle pins the file that exists now, so a rewrite (rename) during
   * the download cannot mix two versions.
   */
  async open(date: string): Promise<ExportDownload> {
    if (!isCalendarDay(date)) {
      throw new DomainError(ErrorCode.INVALID_DATE, 'The date must be a calendar day written YYYY-MM-DD, for example 2025-11-28.');
    }
    const name = workbookFileName(date);
    const path = resolve(this.dir, name);
    const rel = relative(this.dir, path);
    if (rel !== name || rel.startsWith('..') || rel.includes(sep)) throw new NotFoundError('Export');

    const handle = await open(path, 'r').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (!handle) {
      if (!(await this.exporter.hasOrders(date))) throw new NotFoundError(`An export for ${date} (there are no orders that day)`);
      await this.scheduler.requestDay(date);
      throw new DomainError(ErrorCode.EXPORT_NOT_READY, `The workbook for ${date} is being written; try again in a few seconds.`);
    }
    try {
      const { size } = await handle.stat();
      const pendingOrders = await this.exporter.pendingOrders(date);
      return { name, size, stream: handle.createReadStream(), pendingOrders };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }
}
