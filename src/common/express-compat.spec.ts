import { fastify, FastifyInstance } from 'fastify';
import net from 'node:net';
import { closeBadConnection, expressDocsContentTypes, refuseUndecodableParams, routableUrl } from './express-compat.js';

describe('answers kept from the Express app', () => {
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    app = fastify({ rewriteUrl: routableUrl, clientErrorHandler: closeBadConnection });
    refuseUndecodableParams(app);
    expressDocsContentTypes(app, '/docs');
    app.setErrorHandler((err: Error & { status?: number }, _request, reply) =>
      reply.code(err.status ?? 500).send({ error: err.name, message: err.message }),
    );
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ message: `Cannot ${request.method} ${request.originalUrl}` }));
    app.get('/api/orders/:id', (request) => request.params);
    app.get('/api/menu', () => []);
    app.get('/docs', (_request, reply) => reply.type('text/html').send('<html>'));
    app.get('/docs/*', (_request, reply) => reply.type('application/javascript; charset=utf-8').send('1'));
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => app.close());

  it('answers a parameter that does not decode with a 400 naming it, and any other such path with a 404', async () => {
    const param = await app.inject({ url: '/api/orders/%FF?x=%FF' });
    expect([param.statusCode, param.json()]).toEqual([400, { error: 'URIError', message: "Failed to decode param '%FF'" }]);
    const other = await app.inject({ url: '/api/men%FFu' });
    expect([other.statusCode, other.json().message]).toEqual([404, 'Cannot GET /api/men%FFu']);
    expect((await app.inject({ url: '/api/orders/%41' })).json()).toEqual({ id: 'A' });
    expect((await app.inject({ url: '/api/menu?q=%FF' })).statusCode).toBe(200);
  });

  it('answers an unparseable request as Node does: a bare 400 and a closed connection', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(new URL(url).port), '127.0.0.1', () =>
        socket.write('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (d) => (text += d.toString()));
      socket.on('close', () => resolve(text));
    });
    expect(answer).toBe('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  });

  it("gives Swagger UI's pages a charset and its scripts the text/javascript type", async () => {
    expect((await app.inject({ url: '/docs' })).headers['content-type']).toBe('text/html; charset=utf-8');
    expect((await app.inject({ url: '/docs/swagger-ui-bundle.js' })).headers['content-type']).toBe('text/javascript; charset=utf-8');
  });
});
