import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const INDICATORS = {
  type: 'object' as const,
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } },
    required: ['status'],
  },
};

/** @nestjs/terminus' report; a 503 carries it too, beside the statusCode and message every error has. */
export class HealthReportDto {
  @ApiPropertyOptional({ type: 'integer', enum: [503], description: 'Only when a dependency is down' }) statusCode?: number;
  @ApiPropertyOptional({ example: 'Service Unavailable', description: 'Only when a dependency is down' }) message?: string;
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ ...INDICATORS, description: 'The dependencies that answer' }) info: Record<string, unknown>;
  @ApiProperty({ ...INDICATORS, description: 'The dependencies that do not' }) error: Record<string, unknown>;
  @ApiProperty({ ...INDICATORS, description: 'Every dependency checked: database, and redis where REDIS_URL is set' })
  details: Record<string, unknown>;
}
