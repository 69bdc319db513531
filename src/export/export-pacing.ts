/**
 * How a day's rewrites are paced. A write costs O(orders in the day), and on a busy day a change is always
 * waiting, so without a rest the consumer would rewrite the day back to back and keep a core busy. After a
 * write that took `d` ms the day rests `max(coalesceMs, min(maxPauseMs, factor x d))`, counted from the end of
 * that write. The consumer then spends at most about 1 / (1 + factor) of a core on one busy day, an order
 * reaches the workbook within about 2d + maxPauseMs, and a quiet day, whose last write is long done, is written
 * after the coalesce delay only.
 */
export interface PacingRule {
  /** Least time between a request (or a day's previous write) and the write, so a burst becomes one write. */
  coalesceMs: number;
  /** Rest after a write, as a multiple of how long the write took (0: rest only the coalesce delay). */
  factor: number;
  /** Longest rest, whatever the write took: bounds the export lag on a big day. */
  maxPauseMs: number;
}

/** Milliseconds a day rests after a write that took `writeMs`, before its next write may start. */
export function restAfterWrite(writeMs: number, rule: PacingRule): number {
  return Math.max(rule.coalesceMs, Math.min(rule.maxPauseMs, Math.round(rule.factor * writeMs)));
}
