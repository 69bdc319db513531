import { parse as parseEnv } from 'dotenv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { collectProblems, ConfigSection, RawEnv } from '@/config/config-section.js';
import { configSections } from '@/config/configuration.js';

/**
 * Docker cannot run on the test machine, so the deployment files are checked by reading them: the compose
 * topology (replicas, healthchecks, start order, shared export volume) and, above all, that the containers get
 * every setting production refuses to start without.
 */
const ROOT = join(import.meta.dirname, '..');
const composeText = readFileSync(join(ROOT, 'docker', 'docker-compose.yml'), 'utf8');
const dockerfile = readFileSync(join(ROOT, 'docker', 'Dockerfile'), 'utf8');
/** The commands npm runs in production: containers must start the processes the same way (node flags included). */
const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
const apiCommand = scripts['start:prod'].split(' ');
const workerCommand = scripts['start:worker'].split(' ');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  env_file?: Array<{ path: string; required: boolean }>;
  deploy?: { replicas?: number };
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}
const compose = parseYaml(composeText, { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { services } = compose;

/** Plausible production secrets, as an operator would put them in docker/.env. */
const OPERATOR_ENV: RawEnv = {
  POSTGRES_PASSWORD: 'pg-secret-0123456789',
  PUBLIC_BASE_URL: 'https://orders.example.com',
  ADMIN_API_TOKEN: 'admin-token-0123456789abcdefghij',
  STRIPE_SECRET_KEY: 'sk_live_0123456789abcdefghij',
  STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdefghij',
  GOOGLE_MAPS_API_KEY: 'AIza0123456789abcdefghij',
  TWILIO_ACCOUNT_SID: 'AC0123456789abcdef0123456789abcdef',
  TWILIO_AUTH_TOKEN: 'twilioAuthToken0123456789abcdef',
  TWILIO_FROM: '+12065550100',
  VAPI_SECRET: 'vapi-secret-0123456789abcdefgh',
  RESTAURANT_PHONE: '+12065550100',
  DASHBOARD_SESSION_SECRET: 'session-secret-0123456789abcdefghijklmnop',
};

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error} (refuses when unset or empty), $$ = $. */
function interpolate(value: string, env: RawEnv): string {
  return value.replace(
    /\$\$|\$\{([A-Z0-9_]+)(?:(:-|:\?)([^}]*))?\}/g,
    (match, name: string | undefined, op: string | undefined, arg: string | undefined) => {
      if (match === '$$') return '$';
      const v = env[name!];
      if (v !== undefined && v !== '') return v;
      if (op === ':?') throw new Error(`required variable ${name} is missing a value: ${arg}`);
      return op === ':-' ? arg! : '';
    },
  );
}

/** ENV of the Dockerfile's last stage (the image every app container runs). */
function imageEnv(): RawEnv {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env: RawEnv = {};
  for (const m of runtime.replace(/\\\n/g, ' ').matchAll(/^ENV\s+(.+)$/gm)) {
    for (const pair of m[1].matchAll(/([A-Z0-9_]+)=(\S+)/g)) env[pair[1]] = pair[2];
  }
  return env;
}

/** What the app process sees: image ENV, the compose environment, then `.env.${ENV_MODE}` fills the gaps. */
function containerEnv(service: Service, operator: RawEnv): RawEnv {
  const fromCompose = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), operator)]));
  const processEnv = { ...imageEnv(), ...fromCompose };
  const stageFile = parseEnv(readFileSync(join(ROOT, `.env.${processEnv.ENV_MODE}`)));
  return { ...stageFile, ...processEnv }; // dotenv never overrides a variable that is already set
}

const problemsOf = (env: RawEnv) =>
  collectProblems(
    configSections.map((s) => s.section as ConfigSection<unknown>),
    env,
  );

describe('docker/docker-compose.yml', () => {
  it('runs postgres, redis, two api replicas and a worker', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'postgres', 'redis', 'worker']);
    expect(services.api.deploy?.replicas).toBe(2);
    expect(services.worker.deploy?.replicas).toBeGreaterThanOrEqual(1);
    expect(services.api.command).toEqual(apiCommand);
    expect(apiCommand.at(-1)).toBe('dist/main.js');
    expect(services.worker.command).toEqual(workerCommand);
    expect(services.worker.command).toContain('--max-semi-space-size=2');
    for (const name of ['api', 'worker']) {
      expect(services[name].build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
      expect(services[name].image).toBe(services.api.image);
    }
  });

  it('gives every service a healthcheck and starts the app only once PostgreSQL and Redis are healthy', () => {
    for (const [name, service] of Object.entries(services)) {
      expect([name, service.healthcheck?.test?.length ?? 0]).toEqual([name, expect.any(Number)]);
      expect(service.healthcheck!.test.length).toBeGreaterThan(1);
    }
    expect(services.api.healthcheck!.test.join(' ')).toContain('/health');
    expect(services.worker.healthcheck!.test.join(' ')).toContain(services.worker.environment!.WORKER_HEARTBEAT_FILE);
    for (const name of ['api', 'worker']) {
      expect(services[name].depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it('mounts one named export volume on every api and worker at EXPORT_DIR', () => {
    expect(Object.keys(compose.volumes)).toContain('exports');
    const env = containerEnv(services.worker, OPERATOR_ENV);
    for (const name of ['api', 'worker']) {
      expect(services[name].volumes).toContain(`exports:${env.EXPORT_DIR}`);
    }
    expect(env.EXPORT_DIR).toBe(containerEnv(services.api, OPERATOR_ENV).EXPORT_DIR);
  });

  it('lets a stopping container finish in-flight work before Docker kills it', () => {
    const timeout = Number(containerEnv(services.api, OPERATOR_ENV).SHUTDOWN_TIMEOUT_SECONDS ?? 10);
    for (const name of ['api', 'worker']) {
      expect(Number.parseInt(services[name].stop_grace_period!, 10)).toBeGreaterThan(timeout);
    }
  });

  it('provides or requires every setting production refuses to start without, on the api and the worker', () => {
    // The image's defaults alone (.env.production) are not enough: secrets must come from the environment...
    expect(problemsOf(containerEnv({ environment: { ENV_MODE: 'production' } }, {})).length).toBeGreaterThan(5);
    // ...and with the operator's secrets filled in, compose hands the containers a valid production config.
    for (const name of ['api', 'worker']) {
      const env = containerEnv(services[name], OPERATOR_ENV);
      expect(env.ENV_MODE).toBe('production');
      expect(env.RUN_WORKER).toBe('false');
      expect([name, problemsOf(env)]).toEqual([name, []]);
    }
  });

  it('commits no secret: each one is required from the environment, and a missing one stops compose', () => {
    const required = [...composeText.replace(/^\s*#.*$/gm, '').matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(Object.keys(OPERATOR_ENV)));
    for (const name of Object.keys(OPERATOR_ENV)) {
      const withoutIt = { ...OPERATOR_ENV, [name]: '' };
      expect(() => containerEnv(services.api, withoutIt)).toThrow(name);
    }
    const secretKeys = /SECRET|PASSWORD|TOKEN|_KEY$/;
    for (const [key, value] of Object.entries(services.api.environment!)) {
      if (secretKeys.test(key)) expect([key, value]).toEqual([key, expect.stringMatching(/^\$\{[A-Z0-9_]+:\?/)]);
    }
  });
});

describe('docker/Dockerfile', () => {
  const stages = [...dockerfile.matchAll(/^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/gim)];
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('builds in one stage and ships production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(runtime).toMatch(/COPY --from=build .*\/app\/node_modules/);
    expect(runtime).toMatch(/COPY --from=build .*\/app\/dist/);
    expect(runtime).not.toMatch(/RUN npm (ci|install)/);
  });

  it('runs as a non-root user with a healthcheck, the stage .env files and the API as its command', () => {
    expect(runtime).toMatch(/^USER (node|\d{4,})\s*$/m);
    expect(runtime).toMatch(/^HEALTHCHECK /m);
    expect(runtime).toMatch(/^COPY .*\.env\.production/m);
    expect(imageEnv().ENV_MODE).toBe('production');
    expect(JSON.parse(runtime.match(/^CMD (.+)$/m)![1])).toEqual(apiCommand);
  });

  it('keeps local secret files and build output out of the build context', () => {
    const ignore = readFileSync(join(ROOT, 'docker', 'Dockerfile.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.git', '.env.local', '.env.*.local']) expect(ignore).toContain(entry);
  });
});
