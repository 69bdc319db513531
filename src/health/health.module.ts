import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthContributors } from './health-contributors.js';
import { HealthController } from './health.controller.js';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'pretty' })],
  controllers: [HealthController],
  providers: [HealthContributors],
  exports: [HealthContributors],
})
export class HealthModule {}
