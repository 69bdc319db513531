/**
 * A PGlite e2e app starts from a copy of one migrated database instead of a new one: a new PGlite runs initdb
 * in WebAssembly and then every migration, 5 to 15 s per app on a 2-core machine, while copying the 40 MB data
 * folder of a cleanly closed one and opening it takes well under a second. The template is built once per content
 * of the migrations and PGlite version, with the app's own connection options and migration list, so it is the
 * database the app would have made; each app still runs its migrations at boot (none pending) and seeds its own
 * menu. TEST_DB=postgres is untouched: every app there migrates a new database.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { migrations } from '@/database/migrations/index.js';
import { typeormOptions } from '@/database/typeorm-options.js';

const TEMPLATES = resolve('.cache', 'pglite-template');
const MIGRATIONS_DIR = resolve('src', 'database', 'migrations');
/** A half-built template this old was left by a run that was killed. */
const ABANDONED_MS = 30 * 60_000;

let ready: Promise<string> | undefined;

/**
 * Fills `pgliteDir` (the app's DATA_DIR/pglite) with a copy of the migrated template, unless it holds a database
 * already (an app reopening another's data). The template is made before any app of the test file opens PGlite:
 * typeorm-pglite keeps one PGlite per module registry, which building it beside an open app would close.
 */
export async function seedPgliteFromTemplate(pgliteDir: string): Promise<void> {
  const template = await (ready ??= findOrBuildTemplate());
  if (existsSync(pgliteDir) && readdirSync(pgliteDir).length > 0) return;
  cpSync(template, pgliteDir, { recursive: true });
}

async function findOrBuildTemplate(): Promise<string> {
  const dir = join(TEMPLATES, `v-${templateKey()}`);
  if (existsSync(dir)) return dir;
  mkdirSync(TEMPLATES, { recursive: true });
  // Built beside its final name and renamed into place, so a parallel Jest worker never copies half a template.
  const building = mkdtempSync(join(TEMPLATES, 'tmp-'));
  try {
    const dataSource = new DataSource({ ...typeormOptions({ driver: 'pglite', dataDir: join(building, 'pglite') }), migrations });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy(); // closes PGlite: the folder is a cleanly shut down cluster, safe to copy
    }
    try {
      renameSync(join(building, 'pglite'), dir);
    } catch (err) {
      if (!existsSync(dir)) throw err; // else another worker renamed its identical template first
    }
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  for (const entry of readdirSync(TEMPLATES)) {
    const path = join(TEMPLATES, entry);
    const stale = entry.startsWith('v-') ? path !== dir : Date.now() - statSync(path).mtimeMs > ABANDONED_MS;
    if (stale) rmSync(path, { recursive: true, force: true });
  }
  return dir;
}

/** Changes whenever a migration's source or the PGlite version does, so a stale template is never copied. */
function templateKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(resolve('node_modules', '@electric-sql', 'pglite', 'package.json')));
  for (const file of readdirSync(MIGRATIONS_DIR).sort()) hash.update(file).update(readFileSync(join(MIGRATIONS_DIR, file)));
  return hash.digest('hex').slice(0, 16);
}
