import { loggableUrl, scrubbingStream } from './logging';

describe('logging', () => {
  it('keeps query parameter names but never their values', () => {
    expect(loggableUrl('/api/orders')).toBe('/api/orders');
    expect(loggableUrl('/api/menu?token=abc&q=Grace%20Hopper&flag')).toBe('/api/menu?token=[redacted]&q=[redacted]&flag=[redacted]');
  });

  it('replaces every configured secret wherever it appears in a line, longest first', () => {
    const lines: string[] = [];
    const stream = scrubbingStream(['token-0123456789', 'token-0123456789-longer'], { write: (l: string) => lines.push(l) });
    stream.write('{"url":"/api/orders/token-0123456789-longer","msg":"bad id token-0123456789 and token-0123456789"}\n');
    expect(lines).toEqual(['{"url":"/api/orders/[redacted]","msg":"bad id [redacted] and [redacted]"}\n']);
  });
});
