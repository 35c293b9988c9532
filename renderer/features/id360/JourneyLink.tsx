import { useEffect, useId, useRef, useState } from 'react';
import QRCode from 'qrcode';
import { useId360Text } from './i18n/index.js';

/**
 * The hosted journey as a QR code to scan at the counter, with copy and e-mail. The link is a bearer
 * key for the person's journey: it is shown, never opened inside Guichet's window.
 */
export function JourneyLink({ url, takeFocus = false }: { url: string; takeFocus?: boolean }) {
  const text = useId360Text();
  const { tx } = text;
  const titleId = useId();
  const [svg, setSvg] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // Created at the foot of a long form: bring the code to the clerk's eyes (and the screen reader's focus).
  useEffect(() => {
    if (!takeFocus) return;
    headingRef.current?.focus();
    headingRef.current?.scrollIntoView?.({ block: 'start' });
  }, [takeFocus, url]);

  useEffect(() => {
    let live = true;
    void QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }).then((s) => {
      if (live) setSvg(s);
    });
    return () => {
      live = false;
    };
  }, [url]);

  const mailto = `mailto:?subject=${encodeURIComponent(tx('link.emailSubject'))}&body=${encodeURIComponent(tx('link.emailBody', { url }))}`;

  return (
    <section className="card id360-link" aria-labelledby={titleId} data-testid="id360-journey-link">
      <h3 id={titleId} ref={headingRef} tabIndex={-1}>{tx('link.title')}</h3>
      <p>{tx('link.intro')}</p>
      {svg ? (
        // The SVG comes from the qrcode library (paths only, no script): safe to inline.
        <div className="id360-link__qr" role="img" aria-label={tx('link.qrLabel')} data-testid="id360-qr" dangerouslySetInnerHTML={{ __html: svg }} />
      ) : null}
      <p className="id360-link__url">
        <code data-testid="id360-journey-url">{url}</code>
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button--secondary button--small"
          data-testid="id360-copy-link"
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(() => setCopied(true));
          }}
        >
          {copied ? tx('link.copied') : tx('link.copy')}
        </button>
        <a className="button button--secondary button--small" href={mailto} data-testid="id360-mail-link">
          {tx('link.email')}
        </a>
      </div>
    </section>
  );
}

/**
 * A check attached from ID360's console whose journey key ID360 did not give back
 * (docs/providers/id360.md#lost-create): no link to show, and where to find it instead.
 */
export function JourneyLinkUnknown({ enrollmentId }: { enrollmentId: string }) {
  const { tx } = useId360Text();
  const titleId = useId();
  return (
    <section className="notice notice--info id360-link-unknown" aria-labelledby={titleId} data-testid="id360-journey-link-unknown">
      <h3 id={titleId}>{tx('link.unknownTitle')}</h3>
      <p>{tx('link.unknownBody', { enrollmentId })}</p>
    </section>
  );
}
