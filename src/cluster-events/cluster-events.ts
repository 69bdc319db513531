import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { filter, map, Observable, Subject } from 'rxjs';
import { databaseConfig } from '@/config/database.config.js';
import { PreparedQueries } from '@/database/prepared-queries.js';

/**
 * The channel and the message shape (`kind` is the topic, `event` its data) are those of the first release, which
 * carried only order and menu changes: replicas of both versions keep hearing each other during a rolling deploy.
 */
export const CLUSTER_EVENTS_CHANNEL = 'order_events';
interface WireMessage {
  kind: string;
  event?: unknown;
}
interface WireBatch {
  origin: string;
  messages: WireMessage[];
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
 * Tells the other API replicas what changed here (order changes, menu edits), through PostgreSQL LISTEN/NOTIFY:
 * no extra infrastructure, and every replica already talks to the database. A feature publishes on its topic and
 * subscribes to the same topic for the other replicas' messages; its own are never echoed back. One dedicated
 * connection listens and reconnects on its own after an outage; publishing goes through the normal pool. On
 * embedded PGlite there is one process, and nothing to tell.
 */
@Injectable()
export class ClusterEvents implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClusterEvents.name);
  private readonly received = new Subject<WireMessage>();
  /** Tells this process's own notifications apart from other replicas'. */
  private readonly origin = randomUUID();
  private listener: Client | null = null;
  private stopped = false;
  private reconnectDelay = 500;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private outbox: WireMessage[] = [];
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(databaseConfig.KEY) private readonly database: ConfigType<typeof databaseConfig>,
    private readonly prepared: PreparedQueries,
  ) {}

  /** Announces `data` on `topic` to every other replica, in the next batch; never throws. */
  publish(topic: string, data?: unknown): void {
    if (this.database.driver !== 'postgres' || this.stopped) return;
    this.outbox.push(data === undefined ? { kind: topic } : { kind: topic, event: data });
    this.flushTimer ??= setTimeout(() => void this.flush(), BATCH_WINDOW_MS);
  }

  /** What the other replicas publish on `topic`. */
  on<T = void>(topic: string): Observable<T> {
    return this.received.pipe(
      filter((m) => m.kind === topic),
      map((m) => m.event as T),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listen().catch((err: Error) => this.scheduleReconnect(err));
  }

  async onApplicationShutdown(): Promise<void> {
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
      if (msg.channel !== CLUSTER_EVENTS_CHANNEL || !msg.payload) return;
      try {
        const batch = JSON.parse(msg.payload) as WireBatch;
        if (batch.origin === this.origin) return; // ours: already delivered in process
        for (const message of batch.messages) this.received.next(message);
      } catch (err) {
        this.logger.warn(`Ignored a malformed ${CLUSTER_EVENTS_CHANNEL} notification: ${(err as Error).message}`);
      }
    });
    await client.connect();
    await client.query(`LISTEN ${CLUSTER_EVENTS_CHANNEL}`);
    this.listener = client;
    this.reconnectDelay = 500;
  }

  private async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const messages = this.outbox.splice(0);
    for (const chunk of chunks(messages)) {
      const payload = JSON.stringify({ origin: this.origin, messages: chunk } satisfies WireBatch);
      await this.prepared
        .query('ros_notify', 'SELECT pg_notify($1, $2)', [CLUSTER_EVENTS_CHANNEL, payload])
        .catch((err: Error) => this.logger.warn(`Could not tell other replicas about ${chunk.length} change(s): ${err.message}`));
    }
  }

  private scheduleReconnect(err: Error): void {
    if (this.stopped || this.reconnectTimer) return;
    const failed = this.listener;
    this.listener = null;
    failed?.end().catch(() => undefined);
    this.logger.warn(`Cluster event listener lost (${err.message}); reconnecting in ${this.reconnectDelay} ms`);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.listen().catch((e: Error) => this.scheduleReconnect(e));
    }, this.reconnectDelay);
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, MAX_RECONNECT_DELAY_MS);
  }
}

/** Splits messages into NOTIFY-sized groups. */
function chunks(messages: WireMessage[]): WireMessage[][] {
  const groups: WireMessage[][] = [];
  let current: WireMessage[] = [];
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
