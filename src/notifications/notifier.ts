/** A text to one phone. */
export interface TextMessage {
  /** E.164. */
  to: string;
  body: string;
}

/** What the provider answered when it took the text: its id for the message (Twilio's SM... sid). */
export interface SentText {
  providerId: string;
}

/**
 * A send that did not go through. `retryable`: the provider certainly did not take it and asking again later may
 * work (an outage, a 5xx, a 429, a refused connection). Not retryable: it never will (a bad number, an opted-out
 * recipient) or it may already have been sent (no answer in time), and sending again could text the customer twice.
 */
export class NotifierFailure extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
    /** The provider says the recipient opted out (replied STOP to it directly): we record the opt-out too. */
    readonly optedOut = false,
  ) {
    super(reason);
    this.name = 'NotifierFailure';
  }
}

/**
 * Port: sends text messages to customers. The mock writes them to the log (development); Twilio sends them
 * (staging, production). `send` resolves with the provider's id or throws NotifierFailure.
 */
export abstract class Notifier {
  abstract readonly provider: string;
  abstract send(message: TextMessage): Promise<SentText>;
}
