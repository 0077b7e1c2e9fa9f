/** The console's login form (shown when console_token is set), self-contained HTML. */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The form; `problem` is shown above it (a wrong token), never the token that was sent. */
export function loginPage(problem: string | null): string {
  const notice = problem === null ? "" : `<p class="problem">${escapeHtml(problem)}</p>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Blink console: log in</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; min-height: 100vh; display: grid;
         place-items: center; background: #f4f5f7; color: #1d2330; }
  form { background: #fff; padding: 2rem; border-radius: 8px; width: min(22rem, 90vw);
         box-shadow: 0 1px 4px rgba(0, 0, 0, 0.12); display: grid; gap: 0.75rem; }
  h1 { font-size: 1.25rem; margin: 0; }
  input, button { font: inherit; padding: 0.55rem 0.7rem; border-radius: 6px; }
  input { border: 1px solid #b8bfcc; }
  button { border: 0; background: #2855d8; color: #fff; cursor: pointer; }
  .problem { color: #b3261e; margin: 0; }
</style>
</head>
<body>
<form method="post" action="/login">
  <h1>Blink console</h1>
  ${notice}
  <label for="token">Console token</label>
  <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
  <button type="submit">Log in</button>
</form>
</body>
</html>
`;
}
