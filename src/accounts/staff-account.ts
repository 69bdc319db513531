import { hash, verify } from '@node-rs/argon2';
import type { StaffRole } from '@/dashboard/staff-roles.js';

export interface StaffAccount {
  id: string;
  username: string;
  role: StaffRole;
  disabled: boolean;
  createdAt: string;
  createdBy: string;
}

/** 1 to 60 characters a person types at the login form: letters, digits and `. _ -`, no spaces. */
export const USERNAME_PATTERN = /^[\p{L}\p{N}._-]{1,60}$/u;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** What is wrong with a new password, in words for the person choosing it; null when it will do. */
export function passwordProblem(username: string, password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`;
  if (password.toLowerCase().includes(username.toLowerCase())) return 'The password must not contain the account name.';
  return null;
}

/**
 * argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommended minimum), about 45 ms on this
 * machine class: slow for a guesser with a stolen table, unnoticeable at a login form.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/**
 * A hash of nothing anyone types, checked when the name matches no account, so a wrong name takes as long to
 * refuse as a wrong password and the answer's timing does not tell which names exist.
 */
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hash('no account has this password\0');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}
