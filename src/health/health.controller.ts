import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorFunction, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthReportDto } from './dto/health-report.dto.js';
import { RedisHealthIndicator } from './redis.health.js';

const UP = { database: { status: 'up' }, redis: { status: 'up' } };

@ApiTags('health')
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  // Documented below with this API's own schema (terminus' would claim statuses and fields this app does not send).
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    operationId: 'checkHealth',
    summary: '200 {status:"ok"} when the database (and the queue, where configured) answer; 503 otherwise',
    security: [],
  })
  @ApiOkResponse({
    description: 'Every dependency answers',
    type: HealthReportDto,
    example: { status: 'ok', info: UP, error: {}, details: UP },
  })
  @ApiServiceUnavailableResponse({
    description: 'A dependency does not answer (with `Retry-After`)',
    type: HealthReportDto,
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', example: 5 } } },
    example: {
      statusCode: 503,
      message: 'Service Unavailable',
      status: 'error',
      info: { database: { status: 'up' } },
      error: { redis: { status: 'down', message: 'Connection is closed.' } },
      details: { database: { status: 'up' }, redis: { status: 'down', message: 'Connection is closed.' } },
    },
  })
  check() {
    const checks: HealthIndicatorFunction[] = [() => this.db.pingCheck('database').withTimeout(3000), () => this.redis.check()];
    return this.health.check(checks);
  }
}
