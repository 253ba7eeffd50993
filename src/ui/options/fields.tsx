// Form controls of the policy section. A locked field is disabled and says why.
import type { ComponentChildren } from 'preact';
import { LockedNote } from './common.tsx';

interface Base {
  id: string;
  label: string;
  help?: string;
  locked: boolean;
  testid?: string;
}

function Wrap(props: Base & { children: ComponentChildren }) {
  return (
    <div class={`field${props.locked ? ' is-locked' : ''}`} data-path={props.id}>
      {props.children}
      {props.help !== undefined && (
        <p id={`${props.id}-help`} class="muted small">
          {props.help}
        </p>
      )}
      <LockedNote locked={props.locked} />
    </div>
  );
}

export function NumberField(props: Base & { value: string; min: number; max: number; onInput: (v: string) => void }) {
  return (
    <Wrap {...props}>
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        step={1}
        min={props.min}
        max={props.max}
        value={props.value}
        disabled={props.locked}
        required
        data-testid={props.testid}
        aria-describedby={props.help !== undefined ? `${props.id}-help` : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </Wrap>
  );
}

export function CheckboxField(props: Base & { checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <Wrap {...props}>
      <input
        id={props.id}
        type="checkbox"
        checked={props.checked}
        disabled={props.locked}
        data-testid={props.testid}
        aria-describedby={props.help !== undefined ? `${props.id}-help` : undefined}
        onChange={(e) => props.onChange(e.currentTarget.checked)}
      />{' '}
      <label for={props.id}>{props.label}</label>
    </Wrap>
  );
}

export function SelectField(props: Base & { value: string; options: ReadonlyArray<{ value: string; label: string }>; onChange: (v: string) => void }) {
  return (
    <Wrap {...props}>
      <label for={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        disabled={props.locked}
        data-testid={props.testid}
        aria-describedby={props.help !== undefined ? `${props.id}-help` : undefined}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}
