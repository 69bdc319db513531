import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { MAX_PASSWORD_LENGTH, USERNAME_PATTERN } from '@/accounts/staff-account.js';
import { STAFF_ROLES, type StaffRole } from '../staff-roles.js';

const ROLE_MESSAGE = `role must be one of ${STAFF_ROLES.join(', ')}`;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** A new account from the Accounts panel (the password's length and content are checked by the service). */
export class NewAccountDto {
  @Transform(trim)
  @IsString({ message: 'username must be text' })
  @Matches(USERNAME_PATTERN, { message: 'username must be 1 to 60 letters, digits, dots, dashes or underscores, without spaces' })
  username: string;

  @IsIn(STAFF_ROLES, { message: ROLE_MESSAGE })
  role: StaffRole;

  @IsString({ message: 'password must be text' })
  @MaxLength(MAX_PASSWORD_LENGTH, { message: `password must be at most ${MAX_PASSWORD_LENGTH} characters` })
  password: string;
}

/** A change of one account; a field left out keeps its value (null is refused, not read as "keep"). */
export class AccountChangeDto {
  @ValidateIf((dto: AccountChangeDto) => dto.role !== undefined)
  @IsIn(STAFF_ROLES, { message: ROLE_MESSAGE })
  role?: StaffRole;

  @ValidateIf((dto: AccountChangeDto) => dto.disabled !== undefined)
  @IsBoolean({ message: 'disabled must be true or false' })
  disabled?: boolean;

  @IsOptional()
  @IsString({ message: 'password must be text' })
  @MaxLength(MAX_PASSWORD_LENGTH, { message: `password must be at most ${MAX_PASSWORD_LENGTH} characters` })
  password?: string;
}
