import { describe, expect, it } from 'vitest';
import { clerkMessage, saidBy } from '../../support/clerkText.js';
import { GuichetError } from '../../../shared/ipc/errors.js';
import {
  buildMetadataXml,
  buildOtpInformationXml,
  escapeXmlAttribute,
} from '../../../main/providers/parapheur/xml.js';
// Read back by the simulator's own parser: what FAST would read, not a second copy kept in the client.
import { parseMetaDataList as parseMetaDataListXml } from '../../../main/sandbox/parapheur/xml.js';

describe('buildMetadataXml', () => {
  it('produces the documented meta-data-list', () => {
    expect(
      buildMetadataXml([
        { name: 'TEXT_001', value: 'Dossier 2024-118' },
        { name: 'NUM_001', value: '45812' },
      ]),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<meta-data-list>\n' +
        '  <meta-data name="TEXT_001" value="Dossier 2024-118"/>\n' +
        '  <meta-data name="NUM_001" value="45812"/>\n' +
        '</meta-data-list>\n',
    );
  });

  it('escapes & < > " \' and round-trips them', () => {
    const value = `Tom & Jerry <"l'été"> & co`;
    const xml = buildMetadataXml([{ name: 'TEXT_001', value }]);
    expect(xml).toContain('value="Tom &amp; Jerry &lt;&quot;l&apos;été&quot;&gt; &amp; co"');
    expect(parseMetaDataListXml(xml)).toEqual([{ name: 'TEXT_001', value }]);
  });

  it('keeps tabs and line breaks through attribute normalisation', () => {
    const value = 'ligne 1\nligne 2\tfin\r';
    expect(escapeXmlAttribute(value)).toBe('ligne 1&#10;ligne 2&#9;fin&#13;');
    expect(parseMetaDataListXml(buildMetadataXml([{ name: 'TEXT_002', value }]))).toEqual([{ name: 'TEXT_002', value }]);
  });

  it('round-trips non-BMP characters', () => {
    const value = 'emoji 😀 et 𝄞';
    expect(parseMetaDataListXml(buildMetadataXml([{ name: 'TEXT_003', value }]))[0]?.value).toBe(value);
  });

  it('refuses characters illegal in XML 1.0 with a clear message', () => {
    for (const bad of ['a\u0000b', 'bell\u0007', 'x\u001f', 'lone \ud800 surrogate', '\uffff']) {
      let error: unknown;
      try {
        buildMetadataXml([{ name: 'TEXT_001', value: bad }]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GuichetError);
      expect(clerkMessage(error)).toMatch(/La métadonnée TEXT_001 contient un caractère invisible ou de contrôle/);
      expect(clerkMessage(error, 'en')).toMatch(/Metadata TEXT_001 contains an invisible or control character/);
    }
  });

  it('refuses metadata names that are not identifiers', () => {
    expect(() => buildMetadataXml([{ name: 'TEXT 001"/><x', value: 'v' }])).toThrow(GuichetError);
    expect(() => buildMetadataXml([{ name: '', value: 'v' }])).toThrow(GuichetError);
  });
});

describe('buildOtpInformationXml', () => {
  it('writes one group of four per OTP step, phones in E.164, e-mails normalised', () => {
    const xml = buildOtpInformationXml([
      { firstName: ' Camille ', lastName: 'Exemple', phone: '06 12 34 56 78', email: ' Camille.Exemple@Example.org ' },
      { firstName: 'Dominique', lastName: "D'Artagnan & fils", phone: '+33 7 00 00 00 01', email: 'd@example.org' },
    ]);
    expect(parseMetaDataListXml(xml)).toEqual([
      { name: 'OTP_firstname_0', value: 'Camille' },
      { name: 'OTP_lastname_0', value: 'Exemple' },
      { name: 'OTP_phonenumber_0', value: '+33612345678' },
      { name: 'OTP_email_0', value: 'camille.exemple@example.org' },
      { name: 'OTP_firstname_1', value: 'Dominique' },
      { name: 'OTP_lastname_1', value: "D'Artagnan & fils" },
      { name: 'OTP_phonenumber_1', value: '+33700000001' },
      { name: 'OTP_email_1', value: 'd@example.org' },
    ]);
  });

  it('explains missing or wrong signer details', () => {
    expect(saidBy(() => buildOtpInformationXml([]))).toMatch(/au moins un signataire/);
    expect(saidBy(() => buildOtpInformationXml([{ firstName: '', lastName: 'X', phone: '0612345678', email: 'a@b.fr' }]))).toMatch(/prénom/);
    expect(saidBy(() => buildOtpInformationXml([{ firstName: 'A', lastName: 'X', phone: '12', email: 'a@b.fr' }]))).toMatch(/téléphone/);
    expect(saidBy(() => buildOtpInformationXml([{ firstName: 'A', lastName: 'X', phone: '0612345678', email: 'é@b.fr' }]))).toMatch(/accentués/);
  });
});
