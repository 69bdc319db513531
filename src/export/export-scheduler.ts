export interface QueueCounts {
  mode: 'redis' | 'in-process';
  /** Whether this process consumes export jobs. */
  consuming: boolean;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** Port: "day D has changes". BullMQ when REDIS_URL is set, else the in-process queue. */
export abstract class ExportScheduler {
  /** Never throws for an unreachable queue: the reconciler covers what could not be enqueued. */
  abstract requestDay(day: string): Promise<boolean>;
  abstract counts(): Promise<QueueCounts>;
  /** Puts jobs that failed for good back in the queue; returns how many. */
  abstract retryFailed(): Promise<number>;
  /** Health of the queue's backing store; null when there is none to check. */
  abstract ping(): Promise<null | { up: boolean; message?: string }>;
}
