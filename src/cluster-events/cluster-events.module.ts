import { Module } from '@nestjs/common';
import { ClusterEvents } from './cluster-events.js';

/**
 * Changes announced between API replicas (PostgreSQL LISTEN/NOTIFY). Imported by the features that publish or
 * listen (orders, menu); one instance, so one listening connection, per process. The export worker has none.
 */
@Module({ providers: [ClusterEvents], exports: [ClusterEvents] })
export class ClusterEventsModule {}
