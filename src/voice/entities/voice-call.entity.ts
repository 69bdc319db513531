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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
