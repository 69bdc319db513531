import { fastify, FastifyInstance } from 'fastify';
import { refuseUndecodableParams, routableUrl } from './undecodable-path.js';

describe('paths whose %-escapes do not decode', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = fastify({ rewriteUrl: routableUrl });
    refuseUndecodableParams(app);
    app.setErrorHandler((err: Error & { status?: number }, _request, reply) =>
      reply.code(err.status ?? 500).send({ error: err.name, message: err.message }),
    );
    app.setNotFoundHandler((request, reply) => reply.code(404).send({ message: `Cannot ${request.method} ${request.originalUrl}` }));
    app.get('/api/orders/:id', (request) => request.params);
    app.get('/api/menu', () => []);
    await app.ready();
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
});
