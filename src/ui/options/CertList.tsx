// Registered client certificates, with their current evaluation and a remove button.
import { evaluateClientCert } from '../../shared/cert/evaluate.ts';
import type { ClientCertEntry } from '../../shared/settings/effective.ts';
import { Fingerprint, LevelBadge } from '../common/components.tsx';
import { dateOnly, isLocked } from '../common/format.ts';
import { t, uiLocale } from '../common/i18n.ts';
import { daysText } from '../common/labels.ts';
import type { SettingsReply } from './api.ts';
import { useParsedPems } from './use-parsed-pems.ts';

export function CertList(props: { data: SettingsReply; onRemove: (entry: ClientCertEntry) => void }) {
  const { data } = props;
  const c = data.settings.certificates;
  const parsed = useParsedPems(c.client.map((e) => e.pem));
  const locked = isLocked(data.locked, 'certificates.client');
  const locale = uiLocale();
  if (c.client.length === 0) return <p class="muted">{t('certNoneRegistered')}</p>;
  return (
    <table class="table" data-testid="cert-table">
      <caption class="visually-hidden">{t('certRegisteredHeading')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('certOriginLabel')}</th>
          <th scope="col">{t('certLabelLabel')}</th>
          <th scope="col">{t('certCn')}</th>
          <th scope="col">{t('certExpires')}</th>
          <th scope="col">{t('certFingerprint')}</th>
          <th scope="col">{t('actions')}</th>
        </tr>
      </thead>
      <tbody>
        {c.client.map((entry, i) => {
          const cert = parsed.get(entry.pem) ?? null;
          const status = cert ? evaluateClientCert(cert, { now: Date.now(), warnDays: c.warnDays, minRsaBits: c.minRsaBits }) : null;
          return (
            <tr key={`${entry.origin}-${i}`} data-testid="cert-row" data-origin={entry.origin} data-level={status?.level ?? 'none'}>
              <td>{entry.origin}</td>
              <td>{entry.label}</td>
              <td>{cert ? (cert.subjectCN ?? t('certNoCn')) : parsed.has(entry.pem) ? t('certUnreadable') : t('loading')}</td>
              <td>
                {cert && status && (
                  <>
                    <LevelBadge level={status.level} /> {dateOnly(cert.notAfter, locale)} ({daysText(status.daysLeft)})
                  </>
                )}
              </td>
              <td>{cert && <Fingerprint value={cert.sha256} />}</td>
              <td>
                <button type="button" class="danger" data-testid="cert-remove" disabled={locked} onClick={() => props.onRemove(entry)} aria-label={t('certRemoveFor', entry.label || entry.origin)}>
                  {t('remove')}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
