import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * The dashboard's static files (src/dashboard/public, copied to dist by nest-cli), read once at boot.
 * Only files found there are ever served: the name is a map key, never a path.
 */
export function loadAssets(dir = join(import.meta.dirname, 'public')): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  if (!existsSync(dir)) return assets;
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type) continue;
    const body = readFileSync(join(dir, name));
    assets.set(name, { body, type, etag: `"${createHash('sha1').update(body).digest('base64url')}"` });
  }
  return assets;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function loginPage(restaurant: string, message: string | null, username = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · ${escapeHtml(restaurant)} orders</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
<link rel="icon" href="/dashboard/assets/favicon.svg" type="image/svg+xml">
</head>
<body class="login-body">
<main class="login-card">
  <h1>${escapeHtml(restaurant)}</h1>
  <p class="login-sub">Order board · staff sign-in</p>
  ${message ? `<p class="login-error" role="alert">${escapeHtml(message)}</p>` : ''}
  <form method="post" action="/dashboard/login" autocomplete="on">
    <label>User name <input name="username" autocomplete="username" required value="${escapeHtml(username)}" autofocus></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
  </form>
</main>
</body>
</html>`;
}
