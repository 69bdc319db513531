import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Notifier, SentText, TextMessage } from '../notifier.js';

/** Texts kept for a look (tests, a developer's REPL); older ones are dropped. */
const KEPT = 200;

/** Development: a text is a log line (and, once sent, an entry in the order's history), never an SMS. */
export class MockNotifier extends Notifier {
  readonly provider = 'mock';
  private readonly logger = new Logger('Texts');
  /** The texts "sent", oldest first. */
  readonly sent: (TextMessage & SentText)[] = [];

  send(message: TextMessage): Promise<SentText> {
    const providerId = `mock_${randomUUID()}`;
    this.logger.log(`Text to ${message.to}: ${message.body}`);
    this.sent.push({ ...message, providerId });
    if (this.sent.length > KEPT) this.sent.splice(0, this.sent.length - KEPT);
    return Promise.resolve({ providerId });
  }
}
