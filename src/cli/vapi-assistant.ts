/**
 * `npm run vapi:assistant [-- --reveal-secret] [--tools-only] [--base-url https://...]`
 *
 * Prints the Vapi assistant (or only its tools) as JSON, built by the same code that answers
 * `assistant-request`, so a restaurant can paste it into the Vapi dashboard or POST it to Vapi's /assistant.
 * A stored assistant cannot carry a live menu, so its prompt asks the model to call getMenu instead.
 * Reads the stage's .env file like the app does; the secret header is masked unless --reveal-secret.
 */
import { appConfig } from '@/config/app.config.js';
import { stageOf } from '@/config/config-section.js';
import { loadCliEnv } from '@/config/cli-env.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { voiceConfig } from '@/config/voice.config.js';
import { buildAssistant, DEFAULT_DELIVERY_RULES, vapiServer } from '@/voice/assistant/assistant-builder.js';
import { vapiTools } from '@/voice/assistant/tool-definitions.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const env = loadCliEnv();
  const stage = stageOf(env);
  const app = appConfig.section.build(env, stage);
  const voice = voiceConfig.section.build(env, stage);
  const restaurant = restaurantConfig.section.build(env, stage);
  const server = vapiServer(voice, option('--base-url') ?? app.publicBaseUrl, { revealSecret: process.argv.includes('--reveal-secret') });
  const output = process.argv.includes('--tools-only')
    ? vapiTools(server)
    : buildAssistant({ restaurant, voice, server, menu: null, deliveryRules: DEFAULT_DELIVERY_RULES });
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

main();
