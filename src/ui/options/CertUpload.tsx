// (c) Registers a client certificate: file picker or drag and drop, PKCS#12
// password when needed, details and findings BEFORE saving. Only the leaf's
// PEM and a label are saved; a bad file never touches what is registered.
import { useState } from 'preact/hooks';
import { evaluateClientCert, verifyChain, type CertStatus } from '../../shared/cert/evaluate.ts';
import { KEY_IGNORED_WARNING } from '../../shared/cert/files.ts';
import { certErrorKey } from '../common/message-keys.ts';
import { isLocked } from '../common/format.ts';
import { t } from '../common/i18n.ts';
import type { SettingsReply } from './api.ts';
import { loadFile, parseLoaded, type FileParse, type LoadedFile } from './cert-file.ts';
import { CertDetails } from './CertDetails.tsx';
import { LockedNote, SaveStatus } from './common.tsx';
import { CertSaveForm } from './CertSaveForm.tsx';
import { parseAll } from './use-parsed-pems.ts';
import type { SaveOutcome, SettingsApi } from './use-settings.ts';
import { runTask } from '../../shared/run-task.ts';

type Parsed = Extract<FileParse, { ok: true }>;
type Stage =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'password'; file: LoadedFile; code: 'p12-password-required' | 'p12-wrong-password' }
  | { kind: 'error'; code: string; detail: string }
  | { kind: 'preview'; parsed: Parsed; status: CertStatus };

export function CertUpload(props: { data: SettingsReply; save: SettingsApi['save'] }) {
  const { data } = props;
  const locked = isLocked(data.locked, 'certificates.client');
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [password, setPassword] = useState('');
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const [dragging, setDragging] = useState(false);

  const evaluate = async (p: Parsed): Promise<CertStatus> => {
    const c = data.settings.certificates;
    const cas = await parseAll(c.caPem);
    const chain = cas.length > 0 ? await verifyChain(p.leaf, cas) : undefined;
    return evaluateClientCert(p.leaf, { now: Date.now(), warnDays: c.warnDays, minRsaBits: c.minRsaBits, ...(chain ? { chain } : {}) });
  };

  const run = async (file: LoadedFile, pw?: string) => {
    setStage({ kind: 'busy' });
    const r = await parseLoaded(file, pw);
    setPassword(''); // used for this one parse only
    if (r.ok) return setStage({ kind: 'preview', parsed: r, status: await evaluate(r) });
    if (r.error === 'p12-password-required' || r.error === 'p12-wrong-password') return setStage({ kind: 'password', file, code: r.error });
    setStage({ kind: 'error', code: r.error, detail: r.detail });
  };

  const onFile = (file: File | undefined) => {
    setOutcome(null);
    setPassword('');
    if (file === undefined) return;
    runTask('read certificate file', async () => {
      const loaded = await loadFile(file);
      if ('error' in loaded) return setStage({ kind: 'error', code: loaded.error, detail: loaded.detail });
      await run(loaded);
    });
  };

  if (locked) return <LockedNote locked />;
  return (
    <div class="cert-upload">
      <h3>{t('certUploadHeading')}</h3>
      <div
        class={`dropzone${dragging ? ' dragging' : ''}`}
        data-testid="cert-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          onFile(e.dataTransfer?.files[0]);
        }}
      >
        <label for="cert-file">{t('certFileLabel')}</label>
        <input
          id="cert-file"
          data-testid="cert-file"
          type="file"
          accept=".pem,.crt,.cer,.der,.p12,.pfx,.p7b,.p7c,.txt"
          aria-describedby="cert-file-help"
          onChange={(e) => onFile(e.currentTarget.files?.[0])}
        />
        <p id="cert-file-help" class="muted small">
          {t('certFileHelp')}
        </p>
      </div>
      {stage.kind === 'busy' && <p role="status">{t('certReading')}</p>}
      {stage.kind === 'error' && <CertError code={stage.code} detail={stage.detail} />}
      {stage.kind === 'password' && (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            runTask('unlock certificate file', run(stage.file, password));
          }}
        >
          <CertError code={stage.code} detail="" />
          <label for="cert-password">{t('certPasswordLabel')}</label>
          <input id="cert-password" data-testid="cert-password" type="password" autocomplete="off" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          <button type="submit" data-testid="cert-unlock">
            {t('certPasswordOpen')}
          </button>
          <p class="muted small">{t('certPasswordNote')}</p>
        </form>
      )}
      {stage.kind === 'preview' && (
        <div class={`preview level-${stage.status.level}`} data-testid="cert-preview" data-level={stage.status.level}>
          <h4>{t('certPreviewHeading')}</h4>
          <CertDetails cert={stage.parsed.leaf} status={stage.status} />
          {stage.parsed.all.length > 1 && <p class="muted">{t('certPreviewOthers', stage.parsed.all.length - 1)}</p>}
          <Warnings warnings={stage.parsed.warnings} />
          <CertSaveForm
            data={data}
            cert={stage.parsed.leaf}
            save={props.save}
            onDone={(o) => {
              setOutcome(o);
              if (o.ok) setStage({ kind: 'idle' });
            }}
            onCancel={() => setStage({ kind: 'idle' })}
          />
        </div>
      )}
      <SaveStatus outcome={outcome} okText={t('certRegistered')} />
    </div>
  );
}

function CertError(props: { code: string; detail: string }) {
  const needsPassword = props.code === 'p12-password-required';
  return (
    <div class={`msg ${needsPassword ? 'msg-info' : 'msg-error'}`} role={needsPassword ? 'status' : 'alert'} data-testid="cert-error" data-code={props.code}>
      <p>{t(certErrorKey(props.code))}</p>
      {props.detail !== '' && <p class="muted small">{t('technicalDetail', props.detail)}</p>}
      {!needsPassword && props.code !== 'p12-wrong-password' && <p class="small">{t('certNothingChanged')}</p>}
    </div>
  );
}

function Warnings(props: { warnings: readonly string[] }) {
  if (props.warnings.length === 0) return null;
  return (
    <ul class="findings" data-testid="cert-warnings">
      {props.warnings.map((w) => (
        <li key={w} class="finding finding-warning">
          {w === KEY_IGNORED_WARNING ? t('certWarnKeyIgnored') : t('technicalDetail', w)}
        </li>
      ))}
    </ul>
  );
}
