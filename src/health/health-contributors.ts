import { Injectable } from '@nestjs/common';
import type { HealthIndicatorFunction } from '@nestjs/terminus';

/** Other modules (the export queue) add their own checks to /health here. */
@Injectable()
export class HealthContributors {
  private readonly checks: HealthIndicatorFunction[] = [];

  register(check: HealthIndicatorFunction): void {
    this.checks.push(check);
  }

  all(): HealthIndicatorFunction[] {
    return [...this.checks];
  }
}
