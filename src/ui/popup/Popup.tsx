// The popup: what JOC Guard knows about the active tab, worst problem first.
import type { VNode } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import type { Level } from '../../shared/cert/types.ts';
import type { PopupState } from '../../shared/popup/state.ts';
import { ext } from '../../platform/browser.ts';
import { worstFirst } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import { AllSessionsSection } from './AllSessionsSection.tsx';
import { AuditSection } from './AuditSection.tsx';
import { CertSection } from './CertSection.tsx';
import { clientCertsLevel } from './summary-level.ts';
import { OriginSection } from './OriginSection.tsx';
import { PolicySection } from './PolicySection.tsx';
import { FailureSection, MismatchSection } from './ProblemSections.tsx';
import { ServerSection } from './ServerSection.tsx';
import { SessionSection } from './SessionSection.tsx';
import { usePopupState } from './use-popup-state.ts';

export function Popup(props: { tabId: number | null; first?: Promise<PopupState> }) {
  const { state, error, now, refresh } = usePopupState(props.tabId, props.first);
  const phase = state ? 'ready' : error ? 'error' : 'loading';
  useLayoutEffect(() => {
    // Measured by `npm run bench` (popup open → state in the DOM); a layout
    // effect runs right after the DOM update, not after the next frame.
    if (state && performance.getEntriesByName('jocguard-ready').length === 0) performance.mark('jocguard-ready');
  }, [state]);
  return (
    <main id="popup" data-state={phase} aria-busy={state ? 'false' : 'true'}>
      <header class="popup-header">
        <img src="icons/icon-32.png" alt="" width={20} height={20} />
        <h1>{t('extName')}</h1>
        <span class="version" data-testid="version">
          {state?.version ?? ''}
        </span>
      </header>
      {error !== null && (
        <p class="msg msg-error" role="alert">
          {t('popupLoadError', error)}
        </p>
      )}
      {state === null && error === null && <p class="muted">{t('loading')}</p>}
      {state && <Body state={state} now={now} refresh={refresh} />}
    </main>
  );
}

interface Ranked {
  key: string;
  level: Level | 'none';
  node: VNode | null;
}

function Body(props: { state: PopupState; now: number; refresh: () => Promise<void> }) {
  const { state, now, refresh } = props;
  const joc = state.joc.configured;
  const { certs, policy } = state;
  const ranked: Ranked[] = [
    { key: 'session', level: 'none', node: joc ? <SessionSection state={state} now={now} refresh={refresh} /> : null },
    { key: 'policy', level: policy.errors.length > 0 ? 'warning' : 'none', node: <PolicySection policy={policy} /> },
    { key: 'failure', level: certs.failure?.level ?? 'none', node: joc && certs.failure ? <FailureSection failure={certs.failure} /> : null },
    { key: 'mismatch', level: 'error', node: joc && certs.accountMismatch ? <MismatchSection mismatch={certs.accountMismatch} /> : null },
    { key: 'certs', level: clientCertsLevel(certs), node: joc ? <CertSection certs={certs} /> : null },
    { key: 'server', level: certs.server?.level ?? 'none', node: joc ? <ServerSection certs={certs} /> : null },
  ];
  const sections = worstFirst(ranked.filter((r) => r.node !== null));
  return (
    <>
      <OriginSection state={state} refresh={refresh} />
      {sections.map((s) => (
        <div key={s.key} class="section-slot">
          {s.node}
        </div>
      ))}
      <AllSessionsSection state={state} now={now} refresh={refresh} />
      {joc && <AuditSection records={state.audit} />}
      <footer class="popup-footer">
        <button type="button" class="link-button" onClick={() => void ext.runtime.openOptionsPage()}>
          {t('openSettings')}
        </button>
      </footer>
    </>
  );
}
