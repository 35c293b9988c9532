/**
 * Stand-in for ID360's hosted journey (`/static/process_ui/index.html#/enrollment/<api_key>`): the
 * person's side reduced to four endings, then the redirect to `browser_callback_url` with the
 * single-use token, as the real journey does (docs/providers/id360.md#simulator).
 */
export function journeyPage(): string {
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>Parcours d'identité (simulé)</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font-size:1rem}</style>
</head>
<body>
<main>
<h1>Parcours d'identité (simulé)</h1>
<p>Choisissez comment ce parcours se termine.</p>
<button type="button" data-outcome="OK">Terminer : identité vérifiée (OK)</button>
<button type="button" data-outcome="KO">Terminer : dossier refusé (KO)</button>
<button type="button" data-outcome="CANCELED">Abandon (délai dépassé)</button>
<button type="button" data-outcome="FAILED">Échec technique</button>
<p id="message" role="status"></p>
</main>
<script>
const key = (location.hash.match(/enrollment\\/([0-9a-f]{32})/) || [])[1];
const message = document.getElementById('message');
if (!key) message.textContent = 'Lien de parcours incomplet.';
for (const button of document.querySelectorAll('button')) {
  button.addEventListener('click', async () => {
    const res = await fetch('/__sandbox/journey/' + key + '/finish?outcome=' + button.dataset.outcome, { method: 'POST' });
    if (!res.ok) { message.textContent = 'Ce parcours est déjà terminé.'; return; }
    const { redirect } = await res.json();
    location.href = redirect;
  });
}
</script>
</body>
</html>
`;
}
