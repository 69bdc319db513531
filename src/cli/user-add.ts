/**
 * `npm run user:add -- NAME [--role owner|staff] [--reset]`
 *
 * Creates a staff account (default role: staff), or with --reset gives an existing one a new password and lets
 * it sign in again (a forgotten owner password, a disabled last owner). The password is asked twice without
 * echo at a terminal, or read from the first line of standard input when it is piped (`... < file`). Works on
 * the stage's database as the app does (the stage's .env under the real environment); applies pending
 * migrations first, so it can create the first owner of a new installation before the app ever started.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { DataSource } from 'typeorm';
import { hashPassword, passwordProblem, USERNAME_PATTERN } from '@/accounts/staff-account.js';
import { StaffAccountsRepository } from '@/accounts/staff-accounts.repository.js';
import { appConfig } from '@/config/app.config.js';
import { stageOf } from '@/config/config-section.js';
import { loadCliEnv } from '@/config/cli-env.js';
import { databaseConfig } from '@/config/database.config.js';
import { STAFF_ROLES, type StaffRole } from '@/dashboard/staff-roles.js';
import { typeormOptions } from '@/database/typeorm-options.js';

const USAGE = 'usage: npm run user:add -- NAME [--role owner|staff] [--reset]';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parseArgs(argv: string[]): { username: string; role: StaffRole; reset: boolean } {
  let role: string = 'staff';
  let reset = false;
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--role') role = argv[++i] ?? '';
    else if (argv[i] === '--reset') reset = true;
    else if (argv[i].startsWith('--')) fail(`Unknown option ${argv[i]}\n${USAGE}`);
    else names.push(argv[i]);
  }
  if (names.length !== 1) fail(USAGE);
  if (!USERNAME_PATTERN.test(names[0])) fail('The name must be 1 to 60 letters, digits, dots, dashes or underscores, without spaces.');
  if (!(STAFF_ROLES as readonly string[]).includes(role)) fail(`--role must be one of ${STAFF_ROLES.join(', ')}`);
  return { username: names[0], role: role as StaffRole, reset };
}

/** One line typed at the terminal without echo (raw mode), or the next line of piped input. */
function readSecret(prompt: string, lines: AsyncIterator<string> | null): Promise<string> {
  if (lines) return lines.next().then((r) => (r.done ? '' : r.value));
  return new Promise((resolve) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (ch === '\u0003') fail('\nCancelled.');
        typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function askPassword(username: string): Promise<string> {
  const lines = process.stdin.isTTY ? null : createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const password = await readSecret(`Password for ${username}: `, lines);
  const problem = passwordProblem(username, password);
  if (problem) fail(problem);
  if (!lines && (await readSecret('Again: ', null)) !== password) fail('The two passwords differ; nothing was changed.');
  return password;
}

/** PGlite is one process's database: writing it while the app has it open would corrupt it. */
async function refuseWhileEmbeddedServerRuns(port: number): Promise<void> {
  const running = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
  if (running) {
    fail(
      `The app is running on port ${port} with the embedded database, which only one process may open. ` +
        'Stop it first, or add the account from the dashboard (Accounts, signed in as an owner).',
    );
  }
}

async function main(): Promise<void> {
  const { username, role, reset } = parseArgs(process.argv.slice(2));
  const env = loadCliEnv();
  const stage = stageOf(env);
  const database = databaseConfig.section.build(env, stage);
  if (database.driver !== 'postgres') await refuseWhileEmbeddedServerRuns(appConfig.section.build(env, stage).port);
  const password = await askPassword(username);
  const dataSource = await new DataSource(typeormOptions(database)).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const accounts = new StaffAccountsRepository({ query: (_name, text, values) => dataSource.query(text, values) });
    const by = `user:add (${env.USER ?? 'server'})`;
    if (reset) {
      const existing = (await accounts.list()).find((a) => a.username.toLowerCase() === username.toLowerCase());
      if (!existing) fail(`There is no account named ${username}; leave out --reset to create it.`);
      await accounts.setPassword(existing.id, await hashPassword(password));
      await accounts.update(existing.id, { disabled: false });
      console.log(`${existing.username} (${existing.role}) has a new password and may sign in; its other sessions have ended.`);
      return;
    }
    const created = await accounts.insert({ id: randomUUID(), username, passwordHash: await hashPassword(password), role, createdBy: by });
    if (!created) fail(`There is already an account named ${username}; add --reset to give it a new password.`);
    console.log(`Created ${created.username} (${created.role}). Sign in at /dashboard.`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: Error) => fail(`user:add failed: ${err.message}`));
