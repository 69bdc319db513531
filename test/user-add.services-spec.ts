import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { APP_NODE } from './support/app-process.js';
import { createDatabase, dropDatabase } from './support/databases.js';
import { staffLogin } from './support/dashboard.js';
import { createTestApp, TestApp } from './support/test-app.js';

const ROOT = join(import.meta.dirname, '..');

/** `npm run user:add -- ...args` as an operator runs it, the password piped on standard input. */
function userAdd(args: string[], input: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(APP_NODE, ['--import', '@swc-node/register/esm-register', join(ROOT, 'src/cli/user-add.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(input);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('npm run user:add on a new installation (PostgreSQL)', () => {
  let databaseUrl: string;
  let staging: Record<string, string>;
  let t: TestApp | undefined;

  beforeAll(async () => {
    databaseUrl = await createDatabase();
    // A staging installation: its own database, no accounts, nothing started yet.
    staging = { ENV_MODE: 'staging', DATABASE_URL: databaseUrl };
  });
  afterAll(async () => {
    await t?.close();
    await dropDatabase(databaseUrl);
  });

  it('creates the first owner before the app ever started (applying the migrations itself)', async () => {
    const res = await userAdd(['--role', 'owner', 'maria'], 'correct horse battery\n', staging);
    expect(res).toMatchObject({ code: 0, out: expect.stringContaining('Created maria (owner). Sign in at /dashboard.') });
    expect(res.out).not.toContain('correct horse battery');
  });

  it('refuses a taken name, a weak password, an unknown role and a name with spaces, changing nothing', async () => {
    expect(await userAdd(['MARIA'], 'another long password\n', staging)).toMatchObject({
      code: 1,
      out: expect.stringContaining('There is already an account named MARIA; add --reset to give it a new password.'),
    });
    expect(await userAdd(['luca'], 'short\n', staging)).toMatchObject({ code: 1, out: expect.stringContaining('at least 12 characters') });
    expect(await userAdd(['--role', 'manager', 'luca'], 'a long enough password\n', staging)).toMatchObject({
      code: 1,
      out: expect.stringContaining('--role must be one of owner, staff'),
    });
    expect(await userAdd(['luca rossi'], 'a long enough password\n', staging)).toMatchObject({ code: 1 });
    expect(await userAdd(['--reset', 'nobody'], 'a long enough password\n', staging)).toMatchObject({
      code: 1,
      out: expect.stringContaining('There is no account named nobody'),
    });
  });

  it('gives the dashboard exactly that owner: no development accounts are added to a database that has one', async () => {
    t = await createTestApp({ databaseUrl });
    const rows = await t.dataSource.query<{ username: string; role: string }[]>('SELECT username, role FROM staff_accounts');
    expect(rows).toEqual([{ username: 'maria', role: 'owner' }]);
    const maria = await staffLogin(t.url, '10.50.0.1', { username: 'maria', password: 'correct horse battery' });
    const session = await request(t.url).get('/dashboard/api/session').set('Cookie', maria.cookie).expect(200);
    expect(session.body).toMatchObject({ user: 'maria', role: 'owner' });
    await request(t.url).get('/dashboard/api/accounts').set('Cookie', maria.cookie).expect(200);
  });

  it('--reset gives a forgotten password a new one, ends the old sessions and lets a disabled account in again', async () => {
    const before = await staffLogin(t!.url, '10.50.0.2', { username: 'maria', password: 'correct horse battery' });
    // Locked out twice over: the password forgotten and the account disabled (say, straight in the database).
    await t!.dataSource.query(`UPDATE staff_accounts SET disabled_at = now()`);
    const res = await userAdd(['--reset', 'maria'], 'a fresh start 2027\n', staging);
    expect(res).toMatchObject({ code: 0, out: expect.stringContaining('maria (owner) has a new password') });
    await request(t!.url).get('/dashboard/api/orders').set('Cookie', before.cookie).expect(401);
    await staffLogin(t!.url, '10.50.0.3', { username: 'maria', password: 'a fresh start 2027' });
  });

  it('refuses to open the embedded database while the app has it open', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ros-useradd-'));
    try {
      const { port } = new URL(t!.url);
      const res = await userAdd(['luca'], 'a long enough password\n', {
        ENV_MODE: 'development',
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        PORT: port,
      });
      expect(res).toMatchObject({ code: 1, out: expect.stringContaining('Stop it first, or add the account from the dashboard') });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
