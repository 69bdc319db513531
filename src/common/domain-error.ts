/**
 * What went wrong, as a stable code; the message is for people. The HTTP status of each code, and the code a
 * client sees, are decided in one table in the exception filter (`http-exception.filter.ts`), not here.
 */
export enum ErrorCode {
  ITEM_UNAVAILABLE = 'ITEM_UNAVAILABLE',
  RESTAURANT_CLOSED = 'RESTAURANT_CLOSED',
  OUT_OF_DELIVERY_AREA = 'OUT_OF_DELIVERY_AREA',
  BELOW_MINIMUM_ORDER = 'BELOW_MINIMUM_ORDER',
  ADDRESS_NOT_FOUND = 'ADDRESS_NOT_FOUND',
  ADDRESS_REQUIRED = 'ADDRESS_REQUIRED',
  GEO_UNAVAILABLE = 'GEO_UNAVAILABLE',
  PAYMENT_FAILED = 'PAYMENT_FAILED',
  PAYMENT_UNAVAILABLE = 'PAYMENT_UNAVAILABLE',
  WEBHOOK_SIGNATURE_INVALID = 'WEBHOOK_SIGNATURE_INVALID',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  IDEMPOTENCY_IN_PROGRESS = 'IDEMPOTENCY_IN_PROGRESS',
  NOT_FOUND = 'NOT_FOUND',
  DATABASE_UNAVAILABLE = 'DATABASE_UNAVAILABLE',
  QUEUE_UNAVAILABLE = 'QUEUE_UNAVAILABLE',
  INVALID_DATE = 'INVALID_DATE',
  EXPORT_NOT_READY = 'EXPORT_NOT_READY',
  INVALID_INPUT = 'INVALID_INPUT',
  /** An order line names an option that is not one of its dish's. */
  UNKNOWN_OPTION = 'UNKNOWN_OPTION',
  /** An order line names an option marked unavailable. */
  OPTION_UNAVAILABLE = 'OPTION_UNAVAILABLE',
  /** An order line has fewer choices in a group than the group requires (and no default fills it). */
  OPTION_REQUIRED = 'OPTION_REQUIRED',
  /** An order line has more choices in a group than the group allows. */
  TOO_MANY_OPTIONS = 'TOO_MANY_OPTIONS',
  /** An order line names the same option twice. */
  OPTION_REPEATED = 'OPTION_REPEATED',
  /** A menu edit that would let a line of a dish cost less than nothing. */
  PRICE_BELOW_ZERO = 'PRICE_BELOW_ZERO',
  /** Staff paused new orders (the dashboard's pause switch). */
  ORDERING_PAUSED = 'ORDERING_PAUSED',
  /** The slot of the requested time (or, as soon as possible, every slot the kitchen could reach) is full. */
  SLOT_FULL = 'SLOT_FULL',
  /** A requested time closer than the lead time (or already past). */
  TIME_TOO_SOON = 'TIME_TOO_SOON',
  /** A requested time further ahead than ORDER_AHEAD_DAYS. */
  TIME_TOO_FAR = 'TIME_TOO_FAR',
  /** A requested time when the restaurant is closed. */
  TIME_CLOSED = 'TIME_CLOSED',
  /** A requested time between slot boundaries (19:07 with 15-minute slots). */
  TIME_NOT_ON_SLOT = 'TIME_NOT_ON_SLOT',
  /** A refund of more than is left to give back of a payment. */
  REFUND_EXCEEDS_PAYMENT = 'REFUND_EXCEEDS_PAYMENT',
  /** A staff account name already in use (in any case). */
  ACCOUNT_NAME_TAKEN = 'ACCOUNT_NAME_TAKEN',
  /** A change that would leave no active owner to sign in (the last owner disabled or made staff). */
  LAST_OWNER = 'LAST_OWNER',
  /** A new password too short, too long or containing the account's name. */
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  /** A report period that cannot be read: an unknown name, a malformed day, from after to. */
  INVALID_PERIOD = 'INVALID_PERIOD',
  /** A report period longer than a report covers (MAX_REPORT_DAYS). */
  PERIOD_TOO_LONG = 'PERIOD_TOO_LONG',
  /** An erasure asked for while the customer has an order still in progress: staff finish or cancel it first. */
  CUSTOMER_HAS_OPEN_ORDERS = 'CUSTOMER_HAS_OPEN_ORDERS',

  // Failures that once borrowed another failure's code (with a different status). Each has its own code in the
  // domain now; clients still see the code they always saw (the filter's table says which), so none of them
  // ever appears in a response.
  /** A list cursor this API did not hand out (published as NOT_FOUND, 400). */
  INVALID_CURSOR = 'INVALID_CURSOR',
  /** A dashboard workbook day that is not YYYY-MM-DD (published as NOT_FOUND, 400). */
  INVALID_WORKBOOK_DAY = 'INVALID_WORKBOOK_DAY',
  /** An Idempotency-Key header that is not 1-255 printable characters (published as IDEMPOTENCY_KEY_REUSED, 400). */
  IDEMPOTENCY_KEY_INVALID = 'IDEMPOTENCY_KEY_INVALID',
  /** A menu item name already in use (published as ITEM_UNAVAILABLE, 409). */
  MENU_ITEM_NAME_TAKEN = 'MENU_ITEM_NAME_TAKEN',
  /** The payment provider refused what we sent, e.g. an amount under its minimum (published as PAYMENT_UNAVAILABLE, 502). */
  PAYMENT_PROVIDER_REFUSED = 'PAYMENT_PROVIDER_REFUSED',
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(ErrorCode.NOT_FOUND, `${what} was not found.`);
  }
}
