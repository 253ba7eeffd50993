// Login-page hints, in a closed shadow root next to the form: the page's
// styles cannot reach it and it cannot disturb the page. Text only
// (textContent), never markup.
import { t } from './runtime.ts';
import { accountMatchKind } from '../shared/cert/account.ts';
import { findLoginControls } from './login-form.ts';

export interface HintState {
  rememberForbidden: boolean;
  certCN: string | null;
  certLevel: 'ok' | 'warning' | 'error' | 'none';
  certDaysLeft: number | null;
}


/** Locale key per mismatch kind (message names cannot contain '-'). */
const ACCOUNT_HINT: Partial<Record<string, string>> = {
  case: 'hintAccount_case',
  whitespace: 'hintAccount_whitespace',
  different: 'hintAccount_different',
  'no-cn': 'hintAccount_no_cn',
};

// Written compact (one rule per line): the content script has a size budget.
const STYLE =
  ':host{all:initial;display:block;margin:8px 0}' +
  '.box{font:13px/1.4 system-ui,sans-serif;border-radius:4px;padding:6px 8px;margin:4px 0;border:1px solid #8a6d3b;background:#fcf8e3;color:#3d2f00}' +
  '.box.error{border-color:#a94442;background:#f2dede;color:#5a1513}' +
  '.box.info{border-color:#31708f;background:#d9edf7;color:#0c2d3f}' +
  '@media (prefers-color-scheme:dark){' +
  '.box{background:#3b3217;color:#fbeeb8}' +
  '.box.error{background:#4a1e1e;color:#ffd7d7}' +
  '.box.info{background:#16303d;color:#d6ecf8}}';

export class LoginHints {
  private host: HTMLElement | null = null;
  private root: ShadowRoot | null = null;
  private state: HintState = { rememberForbidden: false, certCN: null, certLevel: 'none', certDaysLeft: null };
  private boundAccount: HTMLInputElement | null = null;
  private readonly onInput = (): void => this.render();

  update(patch: Partial<HintState>): void {
    this.state = { ...this.state, ...patch };
    this.render();
  }

  /** Called on DOM changes: the GUI may have re-rendered the form. */
  render(): void {
    const c = findLoginControls();
    if (!c.form || !c.password) {
      this.host?.remove();
      return;
    }
    if (c.account !== this.boundAccount) {
      this.boundAccount?.removeEventListener('input', this.onInput);
      c.account?.addEventListener('input', this.onInput);
      this.boundAccount = c.account;
    }
    const lines = this.lines(c.account?.value ?? null);
    if (!this.host || !this.host.isConnected) {
      this.host = document.createElement('div');
      this.host.setAttribute('data-joc-guard', 'hints');
      this.root = this.host.attachShadow({ mode: 'closed' });
      c.form.insertAdjacentElement('afterend', this.host);
    }
    const root = this.root;
    if (!root) return;
    root.replaceChildren();
    const style = document.createElement('style');
    style.textContent = STYLE;
    root.append(style);
    for (const l of lines) {
      const div = document.createElement('div');
      div.className = `box ${l.level}`;
      div.setAttribute('role', l.level === 'error' ? 'alert' : 'status');
      div.setAttribute('data-hint', l.id);
      div.textContent = l.text;
      root.append(div);
    }
    this.host.hidden = lines.length === 0;
    // Tests and assistive tech read the text through this attribute as the root is closed.
    this.host.setAttribute('data-hints', lines.map((l) => l.id).join(' '));
    this.host.setAttribute('aria-label', lines.map((l) => l.text).join(' '));
  }

  private lines(account: string | null): { id: string; level: 'info' | 'warning' | 'error'; text: string }[] {
    const out: { id: string; level: 'info' | 'warning' | 'error'; text: string }[] = [];
    const s = this.state;
    if (s.rememberForbidden) out.push({ id: 'remember-forbidden', level: 'info', text: t('hintRememberForbidden') });
    if (s.certCN !== null && account !== null && account !== '') {
      const kind = accountMatchKind(account, s.certCN);
      if (kind !== 'exact') out.push({ id: `account-${kind}`, level: 'error', text: t(ACCOUNT_HINT[kind] ?? 'hintAccount_different', [s.certCN]) });
    }
    if (s.certLevel !== 'none' && s.certLevel !== 'ok' && s.certDaysLeft !== null) {
      const expired = s.certDaysLeft < 0;
      out.push({
        id: expired ? 'cert-expired' : 'cert-expiring',
        level: expired ? 'error' : 'warning',
        text: expired ? t('hintCertExpired') : t('hintCertExpiring', [String(s.certDaysLeft)]),
      });
    }
    return out;
  }

  stop(): void {
    this.boundAccount?.removeEventListener('input', this.onInput);
    this.host?.remove();
  }
}
