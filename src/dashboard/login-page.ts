const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text put into the page's HTML (restaurant name, messages, the user name typed). */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * The sign-in form: a plain HTML form (posted as a form, no script needed), rendered on the server. Until an owner
 * account exists (a new staging or production installation) it says how to create one instead of a form nobody
 * could use.
 */
export function loginPage(restaurant: string, message: string | null, username = '', addOwnerCommand: string | null = null): string {
  const body = addOwnerCommand
    ? `<p class="login-error" role="alert">The dashboard has no owner account yet, so nobody can sign in.</p>
  <p class="login-setup">On the server, create the first owner:</p>
  <pre class="login-command">${escapeHtml(addOwnerCommand)}</pre>
  <p class="login-setup">then reload this page. The owner adds everyone else from the dashboard.</p>`
    : `${message ? `<p class="login-error" role="alert">${escapeHtml(message)}</p>` : ''}
  <form method="post" action="/dashboard/login" autocomplete="on">
    <label>User name <input name="username" autocomplete="username" required value="${escapeHtml(username)}" autofocus></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
  </form>`;
  return card(
    `Sign in · ${escapeHtml(restaurant)} orders`,
    restaurant,
    `<p class="login-sub">Order board · staff sign-in</p>
  ${body}`,
  );
}

/** The sign-in pages' card: the restaurant's name over `body` (HTML). */
function card(title: string, restaurant: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css">
<link rel="icon" href="/dashboard/assets/favicon.svg" type="image/svg+xml">
</head>
<body class="login-body">
<main class="login-card">
  <h1>${escapeHtml(restaurant)}</h1>
  ${body}
</main>
</body>
</html>`;
}

/** A page a signed-in account may not see (a staff account opening the owner's reports): why, and the way back. */
export function forbiddenPage(restaurant: string, message: string): string {
  return card(
    `Not for this account · ${escapeHtml(restaurant)} orders`,
    restaurant,
    `<p class="login-error" role="alert">${escapeHtml(message)}</p>
  <p><a href="/dashboard">Back to the orders</a></p>`,
  );
}
