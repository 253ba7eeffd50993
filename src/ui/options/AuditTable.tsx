// The audit records as a table, newest first.
import type { AuditRecord } from '../../shared/audit/types.ts';
import { dateTime } from '../common/format.ts';
import { t, uiLocale } from '../common/i18n.ts';
import { auditTypeText, reasonText } from '../common/audit-text.ts';

export function AuditTable(props: { records: readonly AuditRecord[] }) {
  const locale = uiLocale();
  const rows = [...props.records].sort((a, b) => b.seq - a.seq || b.ts.localeCompare(a.ts));
  return (
    <div class="table-wrap">
      <table class="table audit-table" data-testid="audit-table">
        <caption class="visually-hidden">{t('auditHeading')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('auditColTime')}</th>
            <th scope="col">{t('auditColOrigin')}</th>
            <th scope="col">{t('auditColType')}</th>
            <th scope="col">{t('auditColReason')}</th>
            <th scope="col">{t('auditColAccount')}</th>
            <th scope="col">{t('auditColFp')}</th>
            <th scope="col">{t('auditColDetail')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-type={r.type}>
              <td class="nowrap">
                <time dateTime={r.ts}>{dateTime(r.ts, locale)}</time>
              </td>
              <td>{r.origin === '' ? '—' : r.origin}</td>
              <td>{auditTypeText(r.type)}</td>
              <td>{reasonText(r)}</td>
              <td>{r.account ?? ''}</td>
              <td>
                <code>{r.fp ?? ''}</code>
              </td>
              <td class="detail">{[r.storage, r.key, r.detail].filter((x) => x !== undefined && x !== '').join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
