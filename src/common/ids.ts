import { v7 } from 'uuid';

/**
 * A new row id for the tables that grow with every order (orders, their lines, their history): a UUIDv7 (RFC 9562),
 * whose first 48 bits are the time in milliseconds, so a new row lands at the end of each id index rather than on a
 * random page of it. With random ids every order touched three index pages that PostgreSQL had not written since
 * its last checkpoint, each a full page in the WAL, and more of them the bigger the history.
 * Options are passed so that every id takes 73 fresh random bits: without them the uuid package counts up within a
 * millisecond, and the next order's id, which is also the key of its customer page, would be guessable from one.
 */
export function newId(): string {
  return v7({});
}
