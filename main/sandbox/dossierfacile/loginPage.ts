/**
 * The simulator's login and consent pages, in French like DossierFacile's Keycloak theme
 * (docs/providers/dossierfacile.md#oauth: « Autoriser l'accès » / « Annuler »). Plain server-rendered
 * HTML with real labels, so a test drives them in Chromium as a tenant would.
 */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)} · DossierFacile (simulateur)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function loginPage(opts: { action: string; loginHint: string | undefined; clientName: string; failed: boolean }): string {
  const error = opts.failed ? '<p role="alert">Adresse e-mail ou mot de passe incorrect.</p>' : '';
  return page(
    'Connexion à DossierFacile',
    `<p>${escapeHtml(opts.clientName)} souhaite accéder à votre DossierFacile.</p>${error}
<form method="post" action="${escapeHtml(opts.action)}">
<p><label for="email">Adresse e-mail</label><br><input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(opts.loginHint ?? '')}"></p>
<p><label for="password">Mot de passe</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Se connecter</button></p>
</form>`,
  );
}

export function consentPage(opts: { action: string; clientName: string; email: string }): string {
  return page(
    "Autoriser l'accès à votre dossier",
    `<p>Connecté en tant que ${escapeHtml(opts.email)}.</p>
<p>${escapeHtml(opts.clientName)} demande à :</p>
<ul><li>Voir les informations contenues dans votre DossierFacile : justificatif d'identité, de domicile, de situation professionnelle, de ressources et d'imposition.</li></ul>
<form method="post" action="${escapeHtml(opts.action)}">
<button type="submit" name="decision" value="accept">Autoriser l'accès</button>
<button type="submit" name="decision" value="deny">Annuler</button>
</form>`,
  );
}
