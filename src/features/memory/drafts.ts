/** Field values of one form, by `name` (checkboxes and radios by `name=value`). */
export type FormDraft = Record<string, string | boolean | string[]>;
type Field = HTMLInputElement & { options?: HTMLOptionsCollection };

const SKIP = /^(password|hidden|file|submit|button|reset|image)$/;
const checkable = (e: Field) => /^(checkbox|radio)$/.test(e.type);

/** Never kept: passwords, hidden and file inputs, buttons, `data-idle-sensitive` (or inside it), card and one-time-code autofill fields. */
function fields(form: HTMLFormElement): Field[] {
  return ([...form.elements] as Field[]).filter(
    (e) =>
      e.name &&
      'value' in e &&
      !SKIP.test(e.type) &&
      !e.closest('[data-idle-sensitive]') &&
      !/cc-|one-time-code|current-password|new-password/.test(e.getAttribute('autocomplete') || ''),
  );
}

const key = (e: Field) => (checkable(e) ? `${e.name}=${e.value}` : e.name);
const forms = (selector: string) => [...document.querySelectorAll<HTMLFormElement>(selector)].map((f, i): [string, HTMLFormElement] => [f.id || f.getAttribute('name') || `#${i}`, f]);

/** The fields the person changed (value differs from the page's default), per form. */
export function collect(selector: string): Record<string, FormDraft> {
  const out: Record<string, FormDraft> = {};
  for (const [id, form] of forms(selector)) {
    const d: FormDraft = {};
    for (const e of fields(form)) {
      const opts = e.options && [...e.options];
      if (checkable(e)) {
        if (e.checked !== e.defaultChecked) d[key(e)] = e.checked;
      } else if (opts) {
        // A single select with no `selected` option shows (and resets to) its first.
        if (e.multiple ? opts.some((o) => o.selected !== o.defaultSelected) : e.value !== (opts.find((o) => o.defaultSelected) || opts[0])?.value)
          d[key(e)] = e.multiple ? opts.filter((o) => o.selected).map((o) => o.value) : e.value;
      } else if (e.value !== e.defaultValue) d[key(e)] = e.value;
    }
    if (Object.keys(d).length) out[id] = d;
  }
  return out;
}

const own = (o: object, k: string) => ({}).hasOwnProperty.call(o, k);

/**
 * Sets one field from its form's stored draft `d` (untrusted), if the value there has the type `collect` writes for
 * it: a boolean for a checkbox or radio, an array of strings for a select multiple (by its options:
 * `<input type=email multiple>` is `multiple` too, and holds text), else a string. The app hears the refill.
 */
function set(e: Field, d: object) {
  const k = key(e);
  const v: unknown = own(d, k) ? (d as Record<string, unknown>)[k] : undefined;
  if (checkable(e)) {
    if (typeof v !== 'boolean') return;
    e.checked = v;
  } else if (e.options && e.multiple) {
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) return;
    for (const o of e.options) o.selected = v.includes(o.value);
  } else if (typeof v === 'string') e.value = v;
  else return;
  // Frameworks listening for input see the refill.
  for (const type of ['input', 'change']) e.dispatchEvent(new Event(type, { bubbles: true }));
}

/**
 * Refills the forms present now that have a draft and are not in `done` (which it grows); returns the ids refilled.
 * Drafts are untrusted: only own keys are read, and a value is used only if it has the type its field takes. Only
 * eligible fields are touched. A field or form that throws (the app's setter) goes to `fail`; the others still fill.
 */
export function fill(selector: string, drafts: Record<string, unknown>, done: WeakSet<HTMLFormElement>, fail: (error: unknown) => void): string[] {
  const attempt = (f: () => void) => {
    try {
      f();
    } catch (error) {
      fail(error);
    }
  };
  const ids: string[] = [];
  for (const [id, form] of forms(selector)) {
    const d = own(drafts, id) ? drafts[id] : undefined;
    if (!d || typeof d !== 'object' || done.has(form)) continue;
    done.add(form);
    ids.push(id);
    attempt(() => fields(form).forEach((e) => attempt(() => set(e, d))));
  }
  return ids;
}
