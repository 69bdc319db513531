import { Injectable } from '@nestjs/common';
import { PreparedQueries } from '@/database/prepared-queries.js';
import type { StoredOrderingState } from './ordering-state.service.js';

/** `ordering_state`: the one row of the pause switch and busy time (migration OrderAhead). */
@Injectable()
export class OrderingStateRepository {
  constructor(private readonly db: PreparedQueries) {}

  async read(): Promise<StoredOrderingState> {
    const [row] = await this.db.query<{
      paused: boolean;
      resumesAt: Date | string | null;
      busyMinutes: number;
      busyUntil: Date | string | null;
      updatedBy: string | null;
      updatedAt: Date | string | null;
    }>(
      'ros_ordering_state',
      `SELECT paused, resumes_at AS "resumesAt", busy_minutes AS "busyMinutes", busy_until AS "busyUntil",
         updated_by AS "updatedBy", updated_at AS "updatedAt" FROM ordering_state WHERE id = 1`,
      [],
    );
    return {
      paused: row.paused,
      resumesAt: iso(row.resumesAt),
      busyMinutes: row.busyMinutes,
      busyUntil: iso(row.busyUntil),
      updatedBy: row.updatedBy,
      updatedAt: iso(row.updatedAt),
    };
  }

  async write(state: StoredOrderingState): Promise<void> {
    await this.db.query(
      'ros_ordering_state_set',
      `UPDATE ordering_state SET paused = $1, resumes_at = $2, busy_minutes = $3, busy_until = $4, updated_by = $5, updated_at = $6
       WHERE id = 1`,
      [state.paused, state.resumesAt, state.busyMinutes, state.busyUntil, state.updatedBy, state.updatedAt],
    );
  }
}

/** An instant as ISO 8601 UTC, as the state keeps it (the driver gives a Date, PGlite sometimes a string). */
export function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
