// The server's TLS connection. Firefox only: Chromium gives extensions no TLS details,
// and then we say so instead of showing anything we cannot know.
import type { PopupState } from '../../shared/popup/state.ts';
import { Findings, Fingerprint, LevelBadge, Row } from '../common/components.tsx';
import { dateOnly } from '../common/format.ts';
import { t, uiLocale } from '../common/i18n.ts';
import { daysText } from '../common/labels.ts';

export function ServerSection(props: { certs: PopupState['certs'] }) {
  const { serverSupported, server } = props.certs;
  return (
    <section class="card" aria-labelledby="server-h">
      <h2 id="server-h">
        {t('serverHeading')} {server && <LevelBadge level={server.level} />}
      </h2>
      {!serverSupported ? (
        <p data-testid="server-unsupported" class="muted">
          {t('serverUnsupported')}
        </p>
      ) : server === null ? (
        <p data-testid="server-cert" data-level="none" class="muted">
          {t('serverNoInfo')}
        </p>
      ) : (
        <div data-testid="server-cert" data-level={server.level}>
          <dl class="details">
            <Row label={t('serverProtocol')}>{server.protocol ?? t('unknown')}</Row>
            <Row label={t('serverCipher')}>{server.cipher ?? t('unknown')}</Row>
            {server.leaf && (
              <>
                <Row label={t('serverSubject')}>{server.leaf.subject}</Row>
                <Row label={t('certIssuer')}>{server.leaf.issuer}</Row>
                <Row label={t('certExpires')}>
                  {dateOnly(server.leaf.notAfter, uiLocale())} ({daysText(server.leaf.daysLeft)})
                </Row>
                <Row label={t('certFingerprint')}>
                  <Fingerprint value={server.leaf.sha256} />
                </Row>
              </>
            )}
            <Row label={t('serverCa')}>{t(server.privateRoot === null ? 'unknown' : server.privateRoot ? 'serverCaPrivate' : 'serverCaPublic')}</Row>
          </dl>
          <Findings findings={server.findings} />
        </div>
      )}
    </section>
  );
}
