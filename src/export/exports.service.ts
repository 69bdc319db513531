import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { access } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { isBusinessDay } from '@/common/business-date.js';
import { Clock } from '@/common/clock.js';
import { DomainError, ErrorCode, NotFoundError } from '@/common/domain-error.js';
import { exportConfig } from '@/config/export.config.js';
import { DayExporter } from './day-exporter.service.js';
import { ExportScheduler } from './export-scheduler.js';
import type { ExportStatusDto } from './dto/export-status.dto.js';
import { workbookFileName } from './workbook-file.js';

export interface ExportDownload {
  path: string;
  /** Orders of the day whose latest change the file does not show yet. */
  pendingOrders: number;
}

/** Admin side of the export: queue health and workbook downloads. */
@Injectable()
export class ExportsService {
  private readonly dir: string;

  constructor(
    private readonly exporter: DayExporter,
    private readonly scheduler: ExportScheduler,
    private readonly clock: Clock,
    @Inject(exportConfig.KEY) config: ConfigType<typeof exportConfig>,
  ) {
    this.dir = resolve(config.dir);
  }

  async status(): Promise<ExportStatusDto> {
    const backlog = await this.exporter.backlog();
    const counts = await this.scheduler.counts().catch(() => null);
    // updated_at is written with the Clock's time, so its age is measured on the same clock.
    const age = backlog.oldestUnexportedAt
      ? Math.max(0, Math.round((this.clock.nowMs() - Date.parse(backlog.oldestUnexportedAt)) / 1000))
      : null;
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
   * A day's workbook for the admin download: its file and how many of the day's changes it does not show yet.
   * A day with orders but no file yet has its write requested, and the client is told to come back.
   */
  async download(date: string): Promise<ExportDownload> {
    if (!isBusinessDay(date)) {
      throw new DomainError(ErrorCode.INVALID_DATE, 'The date must be a calendar day written YYYY-MM-DD, for example 2025-11-28.');
    }
    const path = await this.workbookPath(date);
    if (!path) {
      if (!(await this.exporter.hasOrders(date))) throw new NotFoundError(`An export for ${date} (there are no orders that day)`);
      await this.scheduler.requestDay(date);
      throw new DomainError(ErrorCode.EXPORT_NOT_READY, `The workbook for ${date} is being written; try again in a few seconds.`);
    }
    return { path, pendingOrders: await this.exporter.pendingOrders(date) };
  }

  /**
   * The path of a day's workbook, or null when the day has none (yet) or is not a calendar day. The name is
   * built from the checked day only, and checked again to stay inside EXPORT_DIR.
   */
  async workbookPath(date: string): Promise<string | null> {
    if (!isBusinessDay(date)) return null;
    const name = workbookFileName(date);
    const path = resolve(this.dir, name);
    const rel = relative(this.dir, path);
    if (rel !== name || rel.startsWith('..') || rel.includes(sep)) return null;
    return access(path).then(
      () => path,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      },
    );
  }
}
