import { SetMetadata } from '@nestjs/common';

/** `owner`: everything (reports, menu, refunds, accounts, settings); `staff`: the board, status changes, dishes running out. */
export const STAFF_ROLES = ['owner', 'staff'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const REQUIRED_ROLE = 'ros:required-role';

/**
 * Only an owner may use this dashboard route (or every route of a controller); DashboardAuthGuard answers 403 to
 * anyone else. Routes without it are open to every signed-in account.
 */
export const OwnerOnly = () => SetMetadata(REQUIRED_ROLE, 'owner' satisfies StaffRole);
