/**
 * `npm run vapi:assistant [-- --reveal-secret] [--tools-only] [--base-url https://...]`
 *
 * Prints the Vapi assistant (or only its tools) as JSON, built by the same code that answers
 * `assistant-request`, so a restaurant can paste it into the Vapi dashboard or POST it to Vapi's /assistant.
 * A stored assistant cannot carry a live menu, so its prompt asks the model to call getMenu instead.
 * Reads the stage's .env file like the app does; the secret header is masked unless --reveal-secret.
 * Refuses (exit 1) when VAPI_MODEL or VAPI_VOICE_ID is not a name Vapi's SDK lists for the provider: Vapi would
 * refuse the assistant at the start of every call.
 */
import { appConfig } from '@/config/app.config.js';
import { stageOf } from '@/config/config-section.js';
import { loadCliEnv } from '@/config/cli-env.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { voiceConfig } from '@/config/voice.config.js';
import { buildAssistant, DEFAULT_DELIVERY_RULES, vapiServer } from '@/voice/assistant/assistant-builder.js';
import { vapiTools } from '@/voice/assistant/tool-definitions.js';
import { vapiNameProblems } from '@/voice/assistant/vapi-names.js';

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
  const problems = vapiNameProblems(voice);
  if (problems.length > 0) {
    console.error(`Vapi would refuse this assistant:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  const server = vapiServer(voice, option('--base-url') ?? app.publicBaseUrl, { revealSecret: process.argv.includes('--reveal-secret') });
  const output = process.argv.includes('--tools-only')
    ? vapiTools(server, { transfer: voice.restaurantPhone !== null })
    : buildAssistant({ restaurant, voice, server, menu: null, deliveryRules: DEFAULT_DELIVERY_RULES });
  process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
}

try {
  main();
} catch (err) {
  // A setting the configuration refuses (a provider that is not Vapi's...): its message, without a stack.
  console.error(`vapi:assistant: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
