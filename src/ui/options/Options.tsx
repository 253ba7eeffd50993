// The options page: origins, policy, certificates, audit, forwarding.
import { useEffect } from 'preact/hooks';
import { ext } from '../../platform/browser.ts';
import { t } from '../common/i18n.ts';
import { AuditSection } from './AuditSection.tsx';
import { CertSection } from './CertSection.tsx';
import { ForwardSection } from './ForwardSection.tsx';
import { OriginsSection } from './OriginsSection.tsx';
import { PolicySection } from './PolicySection.tsx';
import { SettingsErrors } from './SettingsErrors.tsx';
import { useSettings } from './use-settings.ts';

const SECTION_IDS = ['origins', 'policy', 'certificates', 'audit', 'forwarding'];

export function Options() {
  const s = useSettings();
  const { data } = s;
  const ready = data !== null;

  // The sections exist only after the first load: scroll to #audit etc. then.
  useEffect(() => {
    if (!ready) return;
    const hash = location.hash.slice(1);
    const id = hash.startsWith('add=') ? 'origins' : hash;
    if (SECTION_IDS.includes(id)) document.getElementById(id)?.scrollIntoView();
  }, [ready]);

  return (
    <main id="options" data-state={ready ? 'ready' : s.loadError !== null ? 'error' : 'loading'} aria-busy={ready ? 'false' : 'true'}>
      <header class="page-header">
        <img src="icons/icon-48.png" alt="" width={32} height={32} />
        <h1>{t('optionsHeading')}</h1>
        <span class="version" data-testid="version">
          {ext.runtime.getManifest().version}
        </span>
      </header>
      <nav aria-label={t('optionsNav')} class="page-nav">
        <a href="#origins">{t('originsHeading')}</a>
        <a href="#policy">{t('policyHeading')}</a>
        <a href="#certificates">{t('certsHeading')}</a>
        <a href="#audit">{t('auditHeading')}</a>
        <a href="#forwarding">{t('forwardHeading')}</a>
      </nav>
      {s.loadError !== null && (
        <p class="msg msg-error" role="alert">
          {t('settingsLoadError', s.loadError)}
        </p>
      )}
      {data === null && s.loadError === null && <p class="muted">{t('loading')}</p>}
      {data && (
        <>
          <SettingsErrors errors={data.errors} saveErrors={s.saveErrors} managed={data.managed} />
          <OriginsSection data={data} save={s.save} />
          <PolicySection data={data} save={s.save} />
          <CertSection data={data} save={s.save} />
          <AuditSection origins={data.settings.origins.map((o) => o.origin)} />
          <ForwardSection data={data} save={s.save} />
        </>
      )}
    </main>
  );
}
