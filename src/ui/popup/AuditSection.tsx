// The last audit events of this origin.
import { ext } from '../../platform/browser.ts';
import type { AuditRecord } from '../../shared/audit/types.ts';
import { auditTypeText, reasonText } from '../common/audit-text.ts';
import { t, uiLocale } from '../common/i18n.ts';

export function AuditSection(props: { records: readonly AuditRecord[] }) {
  const locale = uiLocale();
  const open = () => void ext.tabs.create({ url: ext.runtime.getURL('options.html#audit') });
  const records = props.records.slice(0, 5);
  return (
    <section class="card" aria-labelledby="audit-h">
      <h2 id="audit-h">{t('auditRecentHeading')}</h2>
      {records.length === 0 && <p class="muted">{t('auditNone')}</p>}
      <ul class="audit-list" data-testid="audit-list">
        {records.map((r) => (
          <li key={r.id} data-type={r.type}>
            <time dateTime={r.ts}>{new Date(r.ts).toLocaleTimeString(locale)}</time> <span class="audit-type">{auditTypeText(r.type)}</span>
            {reasonText(r) !== '' && <span class="muted"> · {reasonText(r)}</span>}
          </li>
        ))}
      </ul>
      <button type="button" class="link-button" onClick={open}>
        {t('auditOpenLog')}
      </button>
    </section>
  );
}
