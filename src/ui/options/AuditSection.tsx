// (d) Audit viewer: filters (origin, type, free text), table, export, dropped count.
import { useEffect, useState } from 'preact/hooks';
import { AUDIT_EVENT_TYPES } from '../../shared/audit/types.ts';
import { api, type AuditFilter } from './api.ts';
import { errorText } from '../common/api.ts';
import { auditTypeText } from '../common/audit-text.ts';
import { exportFileName } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import type { AuditQueryReply } from './api.ts';
import { AuditTable } from './AuditTable.tsx';
import { Section } from './common.tsx';
import { downloadText } from './download.ts';

const LIMIT = 1000;

export function AuditSection(props: { origins: readonly string[] }) {
  const [origin, setOrigin] = useState('');
  const [type, setType] = useState('');
  const [text, setText] = useState('');
  const [result, setResult] = useState<AuditQueryReply | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exportMsg, setExportMsg] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const filter: AuditFilter = { limit: LIMIT };
    if (origin !== '') filter.origin = origin;
    if (type !== '') filter.type = type;
    if (text.trim() !== '') filter.text = text.trim().slice(0, 200);
    let live = true;
    // Debounced: typing in the text filter must not send a query per key.
    const id = setTimeout(() => {
      api
        .auditQuery(filter)
        .then((r) => {
          if (!live) return;
          setResult(r);
          setError(null);
        })
        .catch((err: unknown) => {
          if (live) setError(errorText(err));
        });
    }, 200);
    return () => {
      live = false;
      clearTimeout(id);
    };
  }, [origin, type, text, tick]);

  const doExport = (format: 'jsonl' | 'csv') => {
    setExportMsg(null);
    api
      .auditExport(format)
      .then((r) => {
        downloadText(r.text, exportFileName(format, new Date()), format === 'csv' ? 'text/csv;charset=utf-8' : 'application/x-ndjson;charset=utf-8');
        setExportMsg(t('auditExported'));
      })
      .catch((err: unknown) => setExportMsg(t('auditExportFailed', errorText(err))));
  };

  return (
    <Section id="audit" title={t('auditHeading')} intro={t('auditIntro')}>
      <form class="filters" onSubmit={(e) => e.preventDefault()} role="search" aria-label={t('auditFilters')}>
        <label for="audit-origin">{t('auditColOrigin')}</label>
        <select id="audit-origin" data-testid="audit-filter-origin" value={origin} onChange={(e) => setOrigin(e.currentTarget.value)}>
          <option value="">{t('auditAll')}</option>
          {props.origins.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        <label for="audit-type">{t('auditColType')}</label>
        <select id="audit-type" data-testid="audit-filter-type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
          <option value="">{t('auditAll')}</option>
          {AUDIT_EVENT_TYPES.map((ty) => (
            <option key={ty} value={ty}>
              {auditTypeText(ty)}
            </option>
          ))}
        </select>
        <label for="audit-text">{t('auditFilterText')}</label>
        <input id="audit-text" data-testid="audit-filter-text" type="search" maxLength={200} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        <button type="button" class="secondary" onClick={() => setTick((n) => n + 1)}>
          {t('refresh')}
        </button>
      </form>
      <div class="buttons">
        <button type="button" data-testid="export-jsonl" onClick={() => doExport('jsonl')}>
          {t('auditExportJsonl')}
        </button>
        <button type="button" data-testid="export-csv" onClick={() => doExport('csv')}>
          {t('auditExportCsv')}
        </button>
        {exportMsg !== null && (
          <span role="status" data-testid="export-result">
            {exportMsg}
          </span>
        )}
      </div>
      {error !== null && (
        <p class="msg msg-error" role="alert">
          {t('auditLoadError', error)}
        </p>
      )}
      {result && (
        <p class="muted" data-testid="audit-count" aria-live="polite">
          {t('auditShown', result.records.length)}
          {result.records.length >= LIMIT && ` ${t('auditLimited', LIMIT)}`}
          {result.dropped !== null && (
            <span data-testid="audit-dropped" data-count={result.dropped}>
              {' '}
              {result.dropped > 0 ? t('auditDropped', result.dropped) : t('auditDroppedNone')}
            </span>
          )}
        </p>
      )}
      {result && <AuditTable records={result.records} />}
    </Section>
  );
}
