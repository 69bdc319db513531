/**
 * `npm run openapi`: writes the API contract to `openapi.json` (top level, committed) from the app's controllers
 * and DTOs. `npm run openapi -- --check` fails when the committed file is not what the app produces (`npm run lint`).
 *
 * The app is built in Nest's preview mode: the module graph and routes, no provider instantiated, so no database,
 * Redis or port. The document depends on no setting (openapi-document.ts), so it is the same on every machine.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { AppModule } from '@/app.module.js';
import { createHttpAdapter } from '@/bootstrap.js';
import { createOpenApiDocument, incompleteOperations } from '@/openapi/openapi-document.js';

const FILE = 'openapi.json';
// AppModule.forRoot() validates the configuration: the development stage's, whatever the shell's ENV_MODE.
delete process.env.ENV_MODE;

const app = await NestFactory.create(await AppModule.forRoot(), createHttpAdapter(), { preview: true, logger: ['error'] });
const document = createOpenApiDocument(app);
await app.close();

const problems = incompleteOperations(document);
if (problems.length > 0) {
  console.error(`The OpenAPI document is incomplete:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
const text = await format(JSON.stringify(document), { ...(await resolveConfig(FILE)), filepath: FILE });

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(FILE, 'utf8');
  } catch {
    // missing: reported below like any difference
  }
  if (committed !== text) {
    console.error(`${FILE} is not what the app produces: run \`npm run openapi\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${FILE} matches the app.`);
} else {
  writeFileSync(FILE, text);
  console.log(`Wrote ${FILE}.`);
}
