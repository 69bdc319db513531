import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client } from 'pg';
import type { DatabaseConfig } from '@/config/database.config.js';
import { PreparedQueries } from '@/database/prepared-queries.js';
import { MenuService } from '@/menu/menu.service.js';
import { OrderEvent, OrderEvents } from './order-events.js';

export const ORDER_EVENTS_CHANNEL = 'order_events';

/** What travels between replicas: order changes, or "the menu changed, drop your cache". */
type ClusterMessage = { kind: 'order'; event: OrderEvent } | { kind: 'menu' };
interface ClusterBatch {
  origin: string;
  messages: ClusterMessage[];
}
const MAX_RECONNECT_DELAY_MS = 10_000;
/**
 * Messages are sent in batches: one NOTIFY per this many milliseconds instead of one per order, which under
 * load was a database round trip (and a notification for every listener to parse) per order.
 */
const BATCH_WINDOW_MS = 15;
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD_BYTES = 7000;

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
  private outbox: ClusterMessage[] = [];
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly events: OrderEvents,
    private readonly menu: MenuService,
    private readonly prepared: PreparedQueries,
    config: ConfigService,
  ) {
    this.database = config.getOrThrow<DatabaseConfig>('database');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.database.driver !== 'postgres') return; // one embedded process: in-process delivery is enough
    this.events.usePublisher((event) => this.enqueue({ kind: 'order', event }));
    this.menu.onLocalChange(() => this.enqueue({ kind: 'menu' }));
    await this.listen().catch((err: Error) => this.scheduleReconnect(err));
  }

  async onApplicationShutdown(): Promise<void> {
    this.events.usePublisher(null);
    await this.flush();
    this.stopped = true;
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
        const batch = JSON.parse(msg.payload) as ClusterBatch;
        if (batch.origin === this.events.origin) return; // ours: already delivered in process
        for (const message of batch.messages) {
          if (message.kind === 'order') this.events.receiveFromCluster(message.event, batch.origin);
          else this.menu.invalidate();
        }
      } catch (err) {
        this.logger.warn(`Ignored a malformed ${ORDER_EVENTS_CHANNEL} notification: ${(err as Error).message}`);
      }
    });
    await client.connect();
    await client.query(`LISTEN ${ORDER_EVENTS_CHANNEL}`);
    this.listener = client;
    this.reconnectDelay = 500;
  }

  private enqueue(message: ClusterMessage): void {
    if (this.stopped) return;
    this.outbox.push(message);
    this.flushTimer ??= setTimeout(() => void this.flush(), BATCH_WINDOW_MS);
  }

  private async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const messages = this.outbox.splice(0);
    for (const chunk of chunks(messages)) {
      const payload = JSON.stringify({ origin: this.events.origin, messages: chunk } satisfies ClusterBatch);
      await this.prepared
        .query('ros_notify', 'SELECT pg_notify($1, $2)', [ORDER_EVENTS_CHANNEL, payload])
        .catch((err: Error) => this.logger.warn(`Could not tell other replicas about ${chunk.length} change(s): ${err.message}`));
    }
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

/** Splits messages into NOTIFY-sized groups. */
function chunks(messages: ClusterMessage[]): ClusterMessage[][] {
  const groups: ClusterMessage[][] = [];
  let current: ClusterMessage[] = [];
  let size = 0;
  for (const message of messages) {
    const bytes = Buffer.byteLength(JSON.stringify(message));
    if (current.length > 0 && size + bytes > MAX_PAYLOAD_BYTES) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(message);
    size += bytes;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
