// Registered client certificates of this origin (browsers never tell which one was presented).
import { ext } from '../../platform/browser.ts';
import type { ClientCertSummary, PopupState } from '../../shared/popup/state.ts';
import { Findings, Fingerprint, LevelBadge, Row } from '../common/components.tsx';
import { dateOnly, keyText } from '../common/format.ts';
import { t, uiLocale } from '../common/i18n.ts';
import { daysText, yesNo } from '../common/labels.ts';
import { certSummaryLevel } from './summary-level.ts';

export function CertSection(props: { certs: PopupState['certs'] }) {
  const { certs } = props;
  const openOptions = () => void ext.tabs.create({ url: ext.runtime.getURL('options.html#certificates') });
  return (
    <section class="card" aria-labelledby="certs-h">
      <h2 id="certs-h">
        {t('certsSummaryHeading')} <LevelBadge level={certSummaryLevel(certs)} testid="cert-level" />
      </h2>
      <p class="muted small">{t('certsSummaryNote')}</p>
      {certs.client.length === 0 ? (
        <div>
          <p class="muted">{t('certsNoneRegistered')}</p>
          <button type="button" class="link-button" onClick={openOptions}>
            {t('certsRegisterButton')}
          </button>
        </div>
      ) : (
        certs.client.map((c) => <ClientCert key={c.sha256} cert={c} />)
      )}
    </section>
  );
}

function ClientCert(props: { cert: ClientCertSummary }) {
  const c = props.cert;
  const locale = uiLocale();
  return (
    <article class={`cert level-${c.level}`} data-testid="client-cert" data-level={c.level}>
      <h3>
        <LevelBadge level={c.level} /> {c.label || c.cn || t('certNoCn')}
      </h3>
      <dl class="details">
        <Row label={t('certCn')} testid="client-cert-cn">
          {c.cn ?? t('certNoCn')}
        </Row>
        <Row label={t('certIssuer')}>{c.issuer}</Row>
        <Row label={t('certExpires')}>
          {dateOnly(c.notAfter, locale)}{' '}
          <span data-testid="client-cert-days" data-days={c.daysLeft}>
            ({daysText(c.daysLeft)})
          </span>
        </Row>
        <Row label={t('certKey')}>{keyText(c.keyAlgorithm, c.keySize, c.curve)}</Row>
        <Row label={t('certClientAuth')}>{yesNo(c.ekuClientAuth)}</Row>
        <Row label={t('certFingerprint')}>
          <Fingerprint value={c.sha256} />
        </Row>
      </dl>
      <Findings findings={c.findings} />
    </article>
  );
}
