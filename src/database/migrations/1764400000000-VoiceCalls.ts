import { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per Vapi call (upserted on call id); orders point at it through orders.voice_call_id. */
export class VoiceCalls1764400000000 implements MigrationInterface {
  name = 'VoiceCalls1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE voice_calls (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      call_id varchar(100) NOT NULL,
      status varchar(40),
      ended_reason varchar(120),
      summary text,
      transcript text,
      recording_url text,
      cost numeric(12,4),
      customer_phone varchar(32),
      started_at timestamptz,
      ended_at timestamptz,
      reports_received integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ux_voice_calls_call_id UNIQUE (call_id))`);
    await q.query(`CREATE INDEX ix_voice_calls_created ON voice_calls (created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE voice_calls`);
  }
}
