import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Security scheme names. `bearer` is the admin token (security.faults-spec.ts finds the admin routes by it). */
export const SECURITY = {
  admin: 'bearer',
  vapiSecret: 'vapiSecret',
  vapiBearer: 'vapiBearer',
  vapiSignature: 'vapiSignature',
  vapiTimestamp: 'vapiTimestamp',
  stripeSignature: 'stripeSignature',
  twilioSignature: 'twilioSignature',
} as const;

const TAGS: [name: string, description: string][] = [
  ['menu', 'The dishes and their prices (minor units); staff edit them with the admin token.'],
  ['orders', 'Placing, pricing, reading and moving orders. Prices are always computed on the server.'],
  ['payments', "Stripe's signed events, and the development-only mock settlement."],
  ['texts', "Text messages to customers: Twilio's signed inbound texts (STOP and START)."],
  ['voice', 'The Vapi phone assistant: its server URL, and the record of each call.'],
  ['exports', "The daily Excel workbooks and the export queue's health (admin)."],
  ['customers', "A customer's personal data: erasure on request (admin)."],
  ['health', 'Liveness and readiness for load balancers and orchestrators.'],
];

/**
 * The API contract: what `/docs-json` serves and `npm run openapi` writes to `openapi.json`. It depends on no
 * setting, so every deployment serves the committed file byte for byte: the server is the one serving the
 * document (a relative URL), and the title names the product, not the restaurant.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('Restaurant ordering API')
    .setDescription(
      'Orders from web, mobile and phone (Vapi). Prices are computed on the server, in minor units (cents).\n\n' +
        'Every error is JSON `{statusCode, error, message, code?}` (schema `ErrorDto`). `code` is stable: branch on it, ' +
        'never on `message`. Validation failures are 400 with one message per field error; business rejections are ' +
        '422, conflicts 409, outages 503 with `Retry-After`. Public routes are rate limited per client (429).',
    )
    .setVersion('1.0')
    .addServer('/', 'The deployment serving this document (its PUBLIC_BASE_URL; http://localhost:3000 in development)')
    // addSecurity, not addBearerAuth: the latter labels every bearer token a JWT, and neither of these is one.
    .addSecurity(SECURITY.admin, {
      type: 'http',
      scheme: 'bearer',
      description: 'The static admin token ADMIN_API_TOKEN (not a JWT): `Authorization: Bearer <token>`.',
    })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Vapi-Secret', description: 'VAPI_SECRET, as Vapi sends it' }, SECURITY.vapiSecret)
    .addSecurity(SECURITY.vapiBearer, {
      type: 'http',
      scheme: 'bearer',
      description: 'VAPI_SECRET as `Authorization: Bearer <secret>` (not a JWT)',
    })
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'x-signature',
        description: 'Hex HMAC-SHA256 of `{x-timestamp}.{raw body}` with VAPI_HMAC_SECRET (with `x-timestamp`)',
      },
      SECURITY.vapiSignature,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'x-timestamp',
        description: 'Seconds or milliseconds since the epoch, at most VAPI_HMAC_TOLERANCE_SECONDS off (with `x-signature`)',
      },
      SECURITY.vapiTimestamp,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'Stripe-Signature',
        description: "Stripe's signature of the raw body with STRIPE_WEBHOOK_SECRET (`t=...,v1=...`)",
      },
      SECURITY.stripeSignature,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-Twilio-Signature',
        description: "Twilio's signature of PUBLIC_BASE_URL/webhook/twilio and the sorted form fields with TWILIO_AUTH_TOKEN",
      },
      SECURITY.twilioSignature,
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const config = builder.build();
  delete config.info.contact; // DocumentBuilder's empty placeholder
  // package.json's UNLICENSED as OpenAPI 3.1 says it: an SPDX expression (a LicenseRef, there being no SPDX id for
  // "all rights reserved"). Nest's LicenseObject type predates 3.1's `identifier`.
  config.info.license = { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-Proprietary' } as typeof config.info.license;
  return SwaggerModule.createDocument(app, config, {
    autoTagControllers: false,
    // Every operation names its own operationId; this is only the fallback for one that forgets.
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * What every operation must say, beyond what Redocly checks: its own operationId (not the fallback), a summary,
 * its security (`[]` when public), a tag and at least one error answer. Empty when the document is complete.
 */
export function incompleteOperations(document: OpenAPIObject): string[] {
  const problems: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!op.operationId || op.operationId.includes('_'))
        problems.push(`${where}: no operationId of its own (@ApiOperation({ operationId }))`);
      if (!op.summary) problems.push(`${where}: no summary`);
      if (!op.security) problems.push(`${where}: no security (security: [] when public)`);
      if (!op.tags?.length) problems.push(`${where}: no tag`);
      if (!Object.keys(op.responses).some((status) => /^[45]/.test(status))) problems.push(`${where}: no error answer (@ApiErrors)`);
    }
  }
  return problems;
}
