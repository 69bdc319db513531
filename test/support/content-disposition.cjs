// content-disposition 3 (required by @fastify/static, which serves Swagger UI's files) is an ES module. Node
// requires it natively; Jest's module loader cannot, so tests load it through Node's own require.
const { createRequire } = process.getBuiltinModule('node:module');

module.exports = createRequire(require.resolve('@fastify/static'))('content-disposition');
