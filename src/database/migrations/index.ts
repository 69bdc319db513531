import { InitialSchema1764100000000 } from './1764100000000-InitialSchema.js';
import { OrderNumberBlocks1764100000001 } from './1764100000001-OrderNumberBlocks.js';
import { PaymentEvents1764200000000 } from './1764200000000-PaymentEvents.js';
import { VoiceCalls1764400000000 } from './1764400000000-VoiceCalls.js';
import { DashboardSharedState1764500000000 } from './1764500000000-DashboardSharedState.js';
import { LeanerOrderWrites1764600000000 } from './1764600000000-LeanerOrderWrites.js';
import { RefundRetries1764700000000 } from './1764700000000-RefundRetries.js';
import { MenuOptions1764800000000 } from './1764800000000-MenuOptions.js';
import { OrderAhead1764900000000 } from './1764900000000-OrderAhead.js';
import { TextMessages1765000000000 } from './1765000000000-TextMessages.js';
import { StaffRefunds1765100000000 } from './1765100000000-StaffRefunds.js';
import { CallTransfers1765200000000 } from './1765200000000-CallTransfers.js';
import { StaffAccounts1765300000000 } from './1765300000000-StaffAccounts.js';
import { OrderSearch1765500000000 } from './1765500000000-OrderSearch.js';
import { ReportRollups1765600000000 } from './1765600000000-ReportRollups.js';
import { ReportOrderRollups1765800000000 } from './1765800000000-ReportOrderRollups.js';
import { Retention1765700000000 } from './1765700000000-Retention.js';

/** Every migration, oldest first. Listed explicitly so the same list serves Nest, the CLI and tests. */
export const migrations = [
  InitialSchema1764100000000,
  OrderNumberBlocks1764100000001,
  PaymentEvents1764200000000,
  VoiceCalls1764400000000,
  DashboardSharedState1764500000000,
  LeanerOrderWrites1764600000000,
  RefundRetries1764700000000,
  MenuOptions1764800000000,
  OrderAhead1764900000000,
  TextMessages1765000000000,
  StaffRefunds1765100000000,
  CallTransfers1765200000000,
  StaffAccounts1765300000000,
  OrderSearch1765500000000,
  ReportRollups1765600000000,
  Retention1765700000000,
  ReportOrderRollups1765800000000,
];
