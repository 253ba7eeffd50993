// Finds the JOC login form's controls in either GUI generation
// (shared/reference/joc-cockpit.md §1). Returns nulls when the page looks
// different: callers then do nothing to the form (fail safe), while the
// storage protections keep working.

export interface LoginControls {
  form: HTMLFormElement | null;
  account: HTMLInputElement | null;
  password: HTMLInputElement | null;
  remember: HTMLInputElement | null;
  submit: HTMLButtonElement | null;
}

const q = <T extends Element>(root: ParentNode, sel: string): T | null => root.querySelector<T>(sel);

export function findLoginControls(doc: Document = document): LoginControls {
  // JS7: ids on account and password; 1.x: ng-model only.
  const password =
    q<HTMLInputElement>(doc, 'input#password[name="password"]') ??
    q<HTMLInputElement>(doc, 'input[type="password"][ng-model="lc.user.password"]');
  const form = password?.closest('form') ?? q<HTMLFormElement>(doc, 'form[name="loginForm"]');
  const scope: ParentNode = form ?? doc;
  const account =
    q<HTMLInputElement>(scope, 'input#account[name="userName"]') ??
    q<HTMLInputElement>(scope, 'input[type="text"][ng-model="lc.user.username"]');
  const remember =
    q<HTMLInputElement>(scope, 'label[name="rememberMe"] input[type="checkbox"]') ??
    q<HTMLInputElement>(scope, 'input[type="checkbox"][ng-model="lc.rememberMe"]') ??
    (form ? rememberByLabel(form) : null);
  const submit = form ? q<HTMLButtonElement>(form, 'button[type="submit"]') : null;
  return { form, account, password, remember, submit };
}

/** Fallback: a checkbox in the login form whose label says "remember" (English or German). */
function rememberByLabel(form: HTMLFormElement): HTMLInputElement | null {
  for (const box of Array.from(form.querySelectorAll<HTMLInputElement>('input[type="checkbox"]'))) {
    const text = box.closest('label')?.textContent ?? '';
    if (/remember|merken|angemeldet bleiben/i.test(text)) return box;
  }
  return null;
}
