import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DelayedError, Job, Queue } from 'bullmq';
import type { exportConfig } from '@/config/export.config.js';
import type { DayExporter } from './day-exporter.service.js';
import { DayRests } from './day-rests.js';
import { ExportDayJobData } from './export.constants.js';
import { PacingRule, restAfterWrite } from './export-pacing.js';
import { ExportProcessor } from './export.processor.js';

describe('restAfterWrite', () => {
  const rule: PacingRule = { coalesceMs: 100, factor: 2, maxPauseMs: 3000 };

  it('is factor x the write, at least the coalesce delay, at most maxPauseMs', () => {
    expect(restAfterWrite(10, rule)).toBe(100);
    expect(restAfterWrite(400, rule)).toBe(800);
    expect(restAfterWrite(1499.6, rule)).toBe(2999);
    expect(restAfterWrite(2000, rule)).toBe(3000);
    expect(restAfterWrite(400, { ...rule, factor: 0 })).toBe(100);
    expect(restAfterWrite(400, { ...rule, maxPauseMs: 0 })).toBe(100);
  });
});

/** The two Redis commands DayRests uses, with Redis's PTTL answers (-2: no key), on Jest's clock. */
class FakeRedis {
  readonly keys = new Map<string, { value: string; expiresAt: number }>();
  failing = false;

  async pttl(key: string): Promise<number> {
    if (this.failing) throw new Error('Connection is closed.');
    const entry = this.keys.get(key);
    if (!entry || entry.expiresAt <= Date.now()) return -2;
    return entry.expiresAt - Date.now();
  }

  async set(key: string, value: string, _px: 'PX', ms: number): Promise<'OK'> {
    if (this.failing) throw new Error('Connection is closed.');
    this.keys.set(key, { value, expiresAt: Date.now() + ms });
    return 'OK';
  }
}

describe('ExportProcessor pacing (BullMQ path, fake clock)', () => {
  const rule: PacingRule = { coalesceMs: 100, factor: 2, maxPauseMs: 3000 };
  const DAY = '2025-11-28';
  let redis: FakeRedis;
  let processor: ExportProcessor;
  let writes: number[];
  let writeMs: number;
  let t0: number;

  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    t0 = Date.now();
    redis = new FakeRedis();
    writes = [];
    writeMs = 400;
    const queue = { getBackend: () => ({ client: Promise.resolve(redis) }), toKey: (type: string) => `ros:orders-export:${type}` };
    const config = { pacing: rule } as ConfigType<typeof exportConfig>;
    const rests = new DayRests(queue as unknown as Queue<ExportDayJobData>, config);
    const exporter = {
      exportDay: async (day: string) => {
        writes.push(Date.now() - t0);
        jest.advanceTimersByTime(writeMs); // the write takes writeMs of the clock
        return { day, rows: 10, exported: 1, ms: writeMs };
      },
    };
    processor = new ExportProcessor(exporter as unknown as DayExporter, rests);
  });
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  function job(id: string) {
    const moveToDelayed = jest.fn(async (_timestamp: number, _token?: string) => undefined);
    return { job: { id, data: { day: DAY }, moveToDelayed } as unknown as Job<ExportDayJobData>, moveToDelayed };
  }
  const at = (ms: number) => jest.setSystemTime(t0 + ms);

  it('writes a quiet day at once and starts its rest (factor x the write)', async () => {
    const { job: j, moveToDelayed } = job('1');
    await expect(processor.process(j, 'token-1')).resolves.toMatchObject({ exported: 1, ms: 400 });
    expect(writes).toEqual([0]);
    expect(moveToDelayed).not.toHaveBeenCalled();
    const key = redis.keys.get(`ros:orders-export:rest:${DAY}`);
    expect(key?.expiresAt).toBe(t0 + 400 + 800);
  });

  it('parks a job that arrives during the rest in the delayed set until the rest is over, without waiting', async () => {
    await processor.process(job('1').job, 'token-1'); // written 0 -> 400, rests until 1200
    at(700);
    const { job: j, moveToDelayed } = job('2');
    await expect(processor.process(j, 'token-2')).rejects.toBeInstanceOf(DelayedError);
    expect(Date.now() - t0).toBe(700); // no time passed inside process(): a shutdown never waits for a rest
    expect(moveToDelayed).toHaveBeenCalledWith(t0 + 1200, 'token-2');
    expect(writes).toEqual([0]);

    at(1200); // the delayed job comes back when the rest is over
    await expect(processor.process(j, 'token-3')).resolves.toMatchObject({ exported: 1 });
    expect(writes).toEqual([0, 1200]);
  });

  it('caps the rest at maxPauseMs for a long write', async () => {
    writeMs = 5000;
    await processor.process(job('1').job, 't');
    at(5000 + 2999);
    await expect(processor.process(job('2').job, 't')).rejects.toBeInstanceOf(DelayedError);
    at(5000 + 3000);
    await processor.process(job('3').job, 't');
    expect(writes).toEqual([0, 8000]);
  });

  it('writes without a rest when Redis cannot say (pacing never holds an export back)', async () => {
    await processor.process(job('1').job, 't');
    redis.failing = true;
    at(500);
    await expect(processor.process(job('2').job, 't')).resolves.toMatchObject({ exported: 1 });
    expect(writes).toEqual([0, 500]);
  });
});
