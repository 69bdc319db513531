import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What staff need to see about a phone call: how it ended, its summary, transcript and recording. */
@Entity({ name: 'voice_calls' })
export class VoiceCall {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'call_id', type: 'varchar', length: 100, unique: true })
  callId: string;

  @Column({ type: 'varchar', length: 40, nullable: true })
  status: string | null;

  @Column({ name: 'ended_reason', type: 'varchar', length: 120, nullable: true })
  endedReason: string | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', nullable: true })
  transcript: string | null;

  @Column({ name: 'recording_url', type: 'text', nullable: true })
  recordingUrl: string | null;

  /** USD as Vapi reports it (numeric, returned by pg as a string). */
  @Column({ type: 'numeric', precision: 12, scale: 4, nullable: true })
  cost: string | null;

  @Column({ name: 'customer_phone', type: 'varchar', length: 32, nullable: true })
  customerPhone: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'reports_received', type: 'integer', default: 0 })
  reportsReceived: number;

  /** When the assistant asked this server where to transfer the caller (transfer-destination-request). */
  @Column({ name: 'transfer_requested_at', type: 'timestamptz', nullable: true })
  transferRequestedAt: Date | null;

  /** The number the caller was (to be) put through to. */
  @Column({ name: 'transferred_to', type: 'varchar', length: 32, nullable: true })
  transferredTo: string | null;

  /** When Vapi said the call was forwarded (status-update `forwarding`, or the report's endedReason). */
  @Column({ name: 'forwarded_at', type: 'timestamptz', nullable: true })
  forwardedAt: Date | null;

  /** The first time the assistant stalled (Vapi's `hang`: model, voice or a tool too slow). */
  @Column({ name: 'hang_at', type: 'timestamptz', nullable: true })
  hangAt: Date | null;

  @Column({ name: 'order_placed_at', type: 'timestamptz', nullable: true })
  orderPlacedAt: Date | null;

  /** The caller's existing order was looked up or cancelled in the call: not a missed call either. */
  @Column({ name: 'served_at', type: 'timestamptz', nullable: true })
  servedAt: Date | null;

  /** A missed call staff dealt with (called back): when, and who. */
  @Column({ name: 'missed_handled_at', type: 'timestamptz', nullable: true })
  missedHandledAt: Date | null;

  @Column({ name: 'missed_handled_by', type: 'varchar', length: 100, nullable: true })
  missedHandledBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
