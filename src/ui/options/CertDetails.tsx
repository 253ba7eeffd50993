// The facts of one parsed certificate, as shown before saving and in the list.
import type { CertStatus } from '../../shared/cert/evaluate.ts';
import type { ParsedCert } from '../../shared/cert/types.ts';
import { Findings, LevelBadge, Row } from '../common/components.tsx';
import { dateTime, keyText } from '../common/format.ts';
import { t, uiLocale } from '../common/i18n.ts';
import { daysText, yesNo } from '../common/labels.ts';

export function CertDetails(props: { cert: ParsedCert; status: CertStatus | null }) {
  const { cert: c, status } = props;
  const locale = uiLocale();
  return (
    <div class="cert-details">
      {status && (
        <p>
          <LevelBadge level={status.level} testid="cert-preview-level" />
        </p>
      )}
      <dl class="details">
        <Row label={t('certCn')} testid="cert-preview-cn">
          {c.subjectCN ?? t('certNoCn')}
        </Row>
        <Row label={t('certSubject')}>{c.subject}</Row>
        <Row label={t('certIssuer')}>{c.issuer}</Row>
        <Row label={t('certValidFrom')}>{dateTime(c.notBefore, locale)}</Row>
        <Row label={t('certValidTo')}>
          {dateTime(c.notAfter, locale)}
          {status && ` (${daysText(status.daysLeft)})`}
        </Row>
        <Row label={t('certKey')}>{keyText(c.keyAlgorithm, c.keySize, c.curve)}</Row>
        <Row label={t('certClientAuth')}>{c.ekuPresent ? yesNo(c.ekuClientAuth) : t('certEkuAbsent')}</Row>
        <Row label={t('certSerial')}>
          <code class="wrap">{c.serial}</code>
        </Row>
        <Row label={t('certFingerprint')}>
          <code class="wrap" data-testid="cert-preview-fp">
            {c.sha256}
          </code>
        </Row>
      </dl>
      {status && <Findings findings={status.findings} />}
    </div>
  );
}
