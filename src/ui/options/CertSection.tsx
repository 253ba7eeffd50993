// (c) Client certificates per origin, and the optional CA certificates.
import { useState } from 'preact/hooks';
import type { ClientCertEntry } from '../../shared/settings/effective.ts';
import { t } from '../common/i18n.ts';
import type { SettingsReply } from './api.ts';
import { CaSection } from './CaSection.tsx';
import { CertList } from './CertList.tsx';
import { CertUpload } from './CertUpload.tsx';
import { SaveStatus, Section } from './common.tsx';
import type { SaveOutcome, SettingsApi } from './use-settings.ts';
import { runTask } from '../../shared/run-task.ts';

export function CertSection(props: { data: SettingsReply; save: SettingsApi['save'] }) {
  const { data, save } = props;
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const remove = (entry: ClientCertEntry) => {
    const next = data.settings.certificates.client.filter((c) => c !== entry);
    runTask('remove certificate', save({ certificates: { client: next } }).then(setOutcome));
  };
  return (
    <Section id="certificates" title={t('certsHeading')} intro={t('certsIntro')}>
      <h3>{t('certRegisteredHeading')}</h3>
      <CertList data={data} onRemove={remove} />
      <SaveStatus outcome={outcome} />
      <CertUpload data={data} save={save} />
      <CaSection data={data} save={save} />
    </Section>
  );
}
