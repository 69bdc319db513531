import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@/config/database.config';
import { MenuService } from '@/menu/menu.service';
import { OrderEvent, OrderEvents } from './order-events';

export const ORDER_EVENTS_CHANNEL = 'order_events';

/** What travels between replicas: an order change, or "the menu changed, drop your cache". */
type ClusterMessage = { origin: string; kind: 'order'; event: OrderEvent } | { origin: string; kind: 'menu' };
const MAX_RECONNECT_DELAY_MS = 10_000;

/**
 * Fans order events (and menu edits) out to every API replica through PostgreSQL LISTEN/NOTIFY: no extra
 * infrastructure, and every replica already talks to the database. One dedicated connection listens and
 * reconnects on its own after an outage; publishing goes through the normal pool.
 */
@Injectable()
export class ClusterEventsBridge implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClusterEventsBridge.name);
  private readonly database: DatabaseConfig;
  private listener: Client | null = null;
  private stopped = false;
  private reconnectDelay = 500;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly events: OrderEvents,
    private readonly menu: MenuService,
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ConfigService,
  ) {
    this.database = config.getOrThrow<DatabaseConfig>('database');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.database.driver !== 'postgres') return; // one embedded process: in-process delivery is enough
    this.events.usePublisher((event, origin) => this.publish({ origin, kind: 'order', event }));
    this.menu.onLocalChange(() => {
      this.publish({ origin: this.events.origin, kind: 'menu' }).catch((err: Error) =>
        this.logger.warn(`Could not tell other replicas about a menu edit: ${err.message}`),
      );
    });
    await this.listen().catch((err: Error) => this.scheduleReconnect(err));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.events.usePublisher(null);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  private async listen(): Promise<void> {
    if (this.database.driver !== 'postgres' || this.stopped) return;
    const client = new Client({ connectionString: this.database.url, connectionTimeoutMillis: 5000 });
    client.on('error', (err) => this.scheduleReconnect(err));
    client.on('notification', (msg) => {
      if (msg.channel !== ORDER_EVENTS_CHANNEL || !msg.payload) return;
      try {
        const message = JSON.parse(msg.payload) as ClusterMessage;
        if (message.kind === 'order') this.events.receiveFromCluster(message.event, message.origin);
        else if (message.origin !== this.events.origin) this.menu.invalidate();
      } catch (err) {
        this.logger.warn(`Ignored a malformed ${ORDER_EVENTS_CHANNEL} notification: ${(err as Error).message}`);
      }
    });
    await client.connect();
    await client.query(`LISTEN ${ORDER_EVENTS_CHANNEL}`);
    this.listener = client;
    this.reconnectDelay = 500;
  }

  private async publish(message: ClusterMessage): Promise<void> {
    if (this.stopped) return;
    await this.dataSource.query('SELECT pg_notify($1, $2)', [ORDER_EVENTS_CHANNEL, JSON.stringify(message)]);
  }

  private scheduleReconnect(err: Error): void {
    if (this.stopped || this.reconnectTimer) return;
    const failed = this.listener;
    this.listener = null;
    failed?.end().catch(() => undefined);
    this.logger.warn(`Order event listener lost (${err.message}); reconnecting in ${this.reconnectDelay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen().catch((e: Error) => this.scheduleReconnect(e));
    }, this.reconnectDelay);
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, MAX_RECONNECT_DELAY_MS);
  }
}
