import { describe, expect, it } from 'vitest';
import { isSensitiveName, redact, redactText, REDACTED } from '../../../main/core/log/redact.js';
import { GuichetError } from '../../../shared/ipc/errors.js';

describe('redact: sensitive keys', () => {
  const secretKeys = [
    'password', 'Password', 'PASSWORD', 'userPassword', 'certificate_password', 'certificatePassword', 'passwd',
    'passphrase', 'secret', 'client_secret', 'clientSecret', 'client-secret', 'token', 'access_token', 'accessToken',
    'refresh_token', 'refreshToken', 'id_token', 'idToken', 'authorization', 'Authorization', 'proxy-authorization',
    'cookie', 'Cookie', 'set-cookie', 'Set-Cookie', 'api_key', 'apiKey', 'apikey', 'x-api-key', 'certificate', 'p12',
    'pfx', 'privateKey', 'private_key', 'private-key', 'pass', 'Pass', 'pwd', 'PWD', 'db_pwd', 'userPwd', 'key', 'KEY',
    'userPass', 'certificate_pass',
  ];
  const personalKeys = [
    'email', 'Email', 'e-mail', 'e_mail', 'mail', 'contactEmail', 'phone', 'phoneNumber', 'phone_number', 'telephone',
    'mobile', 'firstName', 'first_name', 'first-name', 'prenom', 'lastName', 'last_name', 'nom', 'birthDate',
    'birth_date', 'dateOfBirth', 'date_of_birth', 'date_naissance', 'dateNaissance', 'address', 'adresse', 'iban', 'IBAN',
  ];
  const harmlessKeys = [
    'id', 'status', 'code', 'size', 'name', 'documentId', 'circuit', 'nombre', 'denomination', 'message', 'url', 'passage', 'keyword',
    'siren', 'siret',
  ];

  it.each([...secretKeys, ...personalKeys])('redacts the value of %s', (key) => {
    expect(isSensitiveName(key)).toBe(true);
    expect(redact({ [key]: 'valeur-sensible', keep: 'ok' })).toEqual({ [key]: REDACTED, keep: 'ok' });
  });

  it.each(harmlessKeys)('keeps the value of %s', (key) => {
    expect(isSensitiveName(key)).toBe(false);
    expect(redact({ [key]: 'visible' })).toEqual({ [key]: 'visible' });
  });

  it('redacts whole sub-trees under a sensitive key, whatever their type', () => {
    expect(
      redact({ address: { street: '1 rue de la Paix', city: 'Paris' }, iban: 12345, token: null, cookie: ['a', 'b'] }),
    ).toEqual({ address: REDACTED, iban: REDACTED, token: REDACTED, cookie: REDACTED });
  });
});

describe('redact: structure', () => {
  it('walks nested objects and arrays and scrubs free text on the way', () => {
    const input = {
      request: {
        headers: { Authorization: 'Bearer abc.def.ghi', Accept: 'application/json' },
        body: [{ label: 'contrat', signer: { email: 'jeanne@example.fr', role: 'maire' } }],
      },
      note: 'rappeler jeanne.dupont@mairie.fr au 06 12 34 56 78',
    };
    expect(redact(input)).toEqual({
      request: {
        headers: { Authorization: REDACTED, Accept: 'application/json' },
        body: [{ label: 'contrat', signer: { email: REDACTED, role: 'maire' } }],
      },
      note: `rappeler ${REDACTED} au ${REDACTED}`,
    });
  });

  it('returns a copy and never modifies its input', () => {
    const input = { password: 'x', nested: { token: 'y' } };
    const output = redact(input) as typeof input;
    expect(input).toEqual({ password: 'x', nested: { token: 'y' } });
    expect(output.nested).not.toBe(input.nested);
  });

  it('survives cycles, and copies shared (non-cyclic) references', () => {
    const shared = { status: 'signé' };
    const node: Record<string, unknown> = { name: 'racine', shared, again: shared };
    node.self = node;
    node.list = [node, { parent: node }];
    expect(redact(node)).toEqual({
      name: 'racine',
      shared: { status: 'signé' },
      again: { status: 'signé' },
      self: '[Circular]',
      list: ['[Circular]', { parent: '[Circular]' }],
    });
  });

  it('turns errors into plain objects with redacted message, stack and fields', () => {
    const cause = new Error('token=abcdef123 refusé');
    const error = new GuichetError('UNAUTHORIZED', 'Échec pour jeanne@example.fr', {
      password: 'hunter2',
      status: 401,
    });
    (error as Error & { cause?: unknown }).cause = cause;
    const out = redact(error) as Record<string, unknown>;
    expect(out).toMatchObject({
      name: 'GuichetError',
      message: `Échec pour ${REDACTED}`,
      code: 'UNAUTHORIZED',
      details: { password: REDACTED, status: 401 },
      cause: { name: 'Error', message: `token=${REDACTED} refusé` },
    });
    expect(JSON.stringify(out)).not.toMatch(/jeanne@example|hunter2|abcdef123/);
    expect(String(out.stack)).toContain('GuichetError');
  });

  it('handles dates, bytes, maps, sets, bigints and functions', () => {
    const out = redact({
      at: new Date('2025-03-01T10:00:00Z'),
      p12: Buffer.from('binary'),
      scan: new Uint8Array(2048),
      headers: new Map([['cookie', 'sid=1'], ['accept', '*/*']]),
      tags: new Set(['a', 'b']),
      big: 10n,
      callback: () => 1,
      missing: undefined,
    });
    expect(out).toEqual({
      at: '2025-03-01T10:00:00.000Z',
      p12: REDACTED,
      scan: '[binary 2048 bytes]',
      headers: { cookie: REDACTED, accept: '*/*' },
      tags: ['a', 'b'],
      big: '10',
      callback: '[Function]',
      missing: undefined,
    });
  });
});

describe('redactText', () => {
  const jwt =
    'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkplYW5uZSJ9.c2lnbmF0dXJlLXZhbHVlLWhlcmU';
  const pem = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'BKcwggSjAgEAAoIBAQC7', '-----END PRIVATE KEY-----'].join(
    '\n',
  );

  it.each([
    ['Authorization header', 'Authorization: Basic dXNlcjpwYXNz\r\nAccept: */*', `Authorization: ${REDACTED}\r\nAccept: */*`],
    ['lower-case header', 'authorization=Bearer xyz123456789', `authorization=${REDACTED}`],
    ['bearer token in prose', 'appel avec Bearer abcdef0123456789 refusé', `appel avec Bearer ${REDACTED} refusé`],
    ['basic credentials', 'en-tête Basic dXNlcjpwYXNz envoyé', `en-tête Basic ${REDACTED} envoyé`],
    ['plain word after Basic', 'Basic information', 'Basic information'],
    ['JWT', `id_token reçu : ${jwt}`, `id_token reçu : ${REDACTED}`],
    ['password in a query string', 'GET /login?user=bob&password=s3cr3t&lang=fr', `GET /login?user=bob&password=${REDACTED}&lang=fr`],
    ['token in a query string', 'https://x.fr/cb?access_token=abc&state=42', `https://x.fr/cb?access_token=${REDACTED}&state=42`],
    ['OAuth code in a query string', 'https://x.fr/cb?code=Zx9&state=42', `https://x.fr/cb?code=${REDACTED}&state=42`],
    ['form body', 'grant_type=refresh_token&refresh_token=r-123&client_secret=cs', `grant_type=refresh_token&refresh_token=${REDACTED}&client_secret=${REDACTED}`],
    ['password= in prose', 'mot de passe password=hunter2 rejeté', `mot de passe password=${REDACTED} rejeté`],
    ['credentials in a URL', 'proxy http://bob:s3cret@proxy.local:3128', `proxy http://${REDACTED}@proxy.local:3128`],
    ['e-mail', 'envoyé à jeanne.dupont+test@mairie-exemple.gouv.fr hier', `envoyé à ${REDACTED} hier`],
    ['French mobile', 'tél 06 12 34 56 78.', `tél ${REDACTED}.`],
    ['French number with dots', 'fixe 01.23.45.67.89', `fixe ${REDACTED}`],
    ['French number compact', 'n° 0612345678', `n° ${REDACTED}`],
    ['+33 number', 'joindre +33 6 12 34 56 78 ou +33612345678', `joindre ${REDACTED} ou ${REDACTED}`],
    ['E.164 number', 'call +14155552671 now', `call ${REDACTED} now`],
    ['IBAN', 'IBAN FR76 3000 6000 0112 3456 7890 189', `IBAN ${REDACTED}`],
    ['PEM block', `clé :\n${pem}\nfin`, `clé :\n${REDACTED}\nfin`],
    ['truncated PEM', '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE', REDACTED],
    ['JSON fragment in text', 'réponse 400 : {"error":"bad", "password": "x1", "email":"a@b.fr"} (fin)', `réponse 400 : {"error":"bad", "password": "${REDACTED}", "email":"${REDACTED}"} (fin)`],
    ['XML element', '<auth><login>bob</login><password>x</password></auth>', `<auth><login>bob</login><password>${REDACTED}</password></auth>`],
  ])('%s', (_label, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  const p12 = Buffer.concat([Buffer.from([0x30, 0x82, 0x0a, 0x1c, 0x02, 0x01, 0x03]), Buffer.alloc(300, 7)]).toString('base64');

  it('redacts a PKCS#12 in plain base64 (no PEM armour), on one line or wrapped', () => {
    expect(p12.startsWith('MII')).toBe(true);
    expect(redactText(`import refusé : ${p12} (mot de passe ?)`)).toBe(`import refusé : ${REDACTED} (mot de passe ?)`);
    const wrapped = p12.match(/.{1,64}/g)!.join('\n');
    expect(redactText(`contenu :\n${wrapped}\nfin`)).toBe(`contenu :\n${REDACTED}\nfin`);
    expect(JSON.stringify(redact({ body: { pfx64: p12 } }))).not.toContain(p12.slice(0, 40));
  });

  it.each([
    ['compact', '185057800608491'],
    ['grouped', '1 85 05 78 006 084 91'],
    ['Corse-du-Sud (2A)', '2 90 02 2A 004 012 45'],
    ['Haute-Corse (2B), compact', '17511 2B123456 21'.replace(/ /g, '')],
  ])('redacts a French social security number (NIR), %s', (_label, nir) => {
    expect(redactText(`assuré ${nir}, dossier ouvert`)).toBe(`assuré ${REDACTED}, dossier ouvert`);
  });

  it('leaves SIREN, SIRET, FAST document ids, timestamps and a NIR-shaped number with a wrong key alone', () => {
    const text =
      'SIREN 732829320, SIRET 73282932000074, document 320074168 et 3200741681, horodatage 1706123456789123, numéro 185057800608492';
    expect(redactText(text)).toBe(text);
  });

  it('redacts a whole JSON body structurally, nested objects included', () => {
    const body = JSON.stringify({ id: 42, holder: { firstName: 'Jeanne', address: { city: 'Lyon' } }, note: 'ok' });
    expect(JSON.parse(redactText(body))).toEqual({ id: 42, holder: { firstName: REDACTED, address: REDACTED }, note: 'ok' });
  });

  it('leaves ordinary operational text alone', () => {
    const text =
      'Document 12345 déposé dans le circuit "Visa DGS" (SIREN 123456789, 2025-03-01T10:00:00.000Z, 1706123456789 ms, HTTP code=500, status=SIGNED)';
    expect(redactText(text)).toBe(text);
  });
});
